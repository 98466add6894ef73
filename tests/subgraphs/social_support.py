"""Test support for the invitations, participations and calendars subgraphs.

Each test module runs its subgraph as a real process on the session's mongoeco server (its
own database); callers are accounts registered and logged in through the users subgraph
(``new_account`` in ``conftest.py``). Requests carry the router credential the harness mints
for the caller (``tests.support.router_credentials``), as the router would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import httpx
import pymongo
import pytest
from pymongo.database import Database

from tests.support.processes import wait_for_http
from tests.support.router_credentials import router_headers
from tests.support.subgraphs import RunningSubgraph, start_subgraph

# Generous: on a shared 2-core machine under load a subgraph can take over 30 s to start.
STARTUP_TIMEOUT = 120.0

type Json = dict[str, Any]
type Mongo = pymongo.MongoClient[Json]


class Caller(Protocol):
    """A logged-in user (``conftest.Account``)."""

    @property
    def id(self) -> str: ...

    @property
    def token(self) -> str: ...


@dataclass
class GraphQLError:
    message: str
    code: str | None
    field: str | None
    path: list[str | int] | None


@dataclass
class Result:
    data: Json | None
    errors: list[GraphQLError]

    def ok(self) -> Json:
        """The data of a response that must have no errors."""
        assert not self.errors, self.errors
        assert self.data is not None
        return self.data

    def error(self) -> GraphQLError:
        """The only error of a response that must fail."""
        assert len(self.errors) == 1, self.errors
        return self.errors[0]


class Subgraph:
    """A running subgraph plus direct access to its database."""

    def __init__(self, url: str, db: Database[Json], users_jwks_url: str) -> None:
        self.url = url
        self.db = db
        self.users_jwks_url = users_jwks_url
        self._http = httpx.Client(timeout=30.0)

    def execute(
        self,
        query: str,
        variables: Json | None = None,
        *,
        user: Caller | None = None,
        token: str | None = None,
    ) -> Result:
        """POST an operation as ``user``, with a raw ``token``, or anonymously."""
        token = user.token if user is not None else token
        headers = router_headers(token, self.users_jwks_url)
        body = self._http.post(
            self.url, json={"query": query, "variables": variables or {}}, headers=headers
        ).json()
        errors = [
            GraphQLError(
                message=error["message"],
                code=(error.get("extensions") or {}).get("code"),
                field=(error.get("extensions") or {}).get("field"),
                path=error.get("path"),
            )
            for error in body.get("errors") or []
        ]
        return Result(body.get("data"), errors)

    def entities(self, representations: list[Json], selection: str, *, user: Caller) -> Result:
        """Call ``_entities`` as the router would."""
        query = f"""query ($representations: [_Any!]!) {{
            _entities(representations: $representations) {{ {selection} }}
        }}"""
        return self.execute(query, {"representations": representations}, user=user)

    def document_count(self, collection: str) -> int:
        return self.db[collection].count_documents({})

    def close(self) -> None:
        self._http.close()


def subgraph_fixture(name: str) -> Any:
    """A module-scoped fixture running ``python -m subgraphs.<name>``."""

    @pytest.fixture(scope="module")
    def running(
        mongo_uri: str, mongo: Mongo, data_dir: Path, users_subgraph: RunningSubgraph
    ) -> Iterator[Subgraph]:
        process = start_subgraph(
            name, mongo_uri, {"JWKS_URL": users_subgraph.jwks_url}, data_dir=data_dir, wait=False
        )
        subgraph = Subgraph(process.graphql_url, mongo[name], users_subgraph.jwks_url)
        try:
            wait_for_http(f"{process.url}/health", process.process, timeout=STARTUP_TIMEOUT)
            yield subgraph
        finally:
            subgraph.close()
            process.stop()

    return running


def people_fixture(count: int) -> Any:
    """A module-scoped fixture: ``count`` fresh accounts, shared by a module's tests."""

    @pytest.fixture(scope="module")
    def people(new_account: Callable[..., Caller]) -> list[Caller]:
        return [new_account() for _ in range(count)]

    return people


class QueryCounter:
    """Counts the commands a database received, with MongoDB's profiler (mongoeco has it)."""

    def __init__(self, db: Database[Json], collection: str) -> None:
        self._db = db
        self._collection = collection

    def _commands(self) -> list[Json]:
        # mongoeco profiles each command twice (the wire command and the engine operation):
        # count a find once by its "query" entry, an aggregate once by its wire form.
        commands = []
        for entry in self._db["system.profile"].find():
            command = entry.get("command", {})
            is_find = command.get("find") == self._collection and entry.get("op") == "query"
            is_aggregate = command.get("aggregate") == self._collection and "cursor" in command
            if is_find or is_aggregate:
                commands.append(command)
        return commands

    def __enter__(self) -> QueryCounter:
        self._db.command("profile", 2)
        self._before = len(self._commands())
        return self

    def __exit__(self, *_: object) -> None:
        self._db.command("profile", 0)

    def commands(self) -> list[Json]:
        """The find/aggregate commands on the collection since entering."""
        return self._commands()[self._before :]


def entity_call(typename: str, selection: str, case_id: str, some_id: str) -> Any:
    """A parametrized ``_entities`` call selecting ``selection`` on one ``typename`` object."""
    return pytest.param(
        "query ($r: [_Any!]!) { _entities(representations: $r) "
        f"{{ ... on {typename} {{ {selection} }} }} }}",
        {"r": [{"__typename": typename, "id": some_id}]},
        id=case_id,
    )
