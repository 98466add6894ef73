"""Real processes for the authentication tests: mongoeco, the users and events subgraphs
(trusting the harness's test router key) and routers in front of them."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.support import subgraph_fixtures
from tests.support.accounts import LOGIN, REGISTER, credentials, registration
from tests.support.processes import (
    PROJECT_ROOT,
    PYTHON,
    ManagedProcess,
    free_port,
    start_mongoeco,
    wait_for_http,
)
from tests.support.router_credentials import ROUTER_ENV
from tests.support.subgraphs import RunningSubgraph

# Session fixtures shared with other suites (each conftest gets its own instances).
data_dir = subgraph_fixtures.data_dir
events_subgraph = subgraph_fixtures.events_subgraph
users_subgraph = subgraph_fixtures.users_subgraph


SUPERGRAPH = PROJECT_ROOT / "supergraph.graphql"
NOT_STARTED = ("invitations", "participations", "calendars")
ME = "{ me { id username } }"


@dataclass(frozen=True)
class Account:
    id: str
    username: str
    token: str


@dataclass
class Router:
    """A running router and a way to talk to it."""

    url: str
    process: ManagedProcess

    @property
    def base(self) -> str:
        return self.url.removesuffix("/graphql")

    def post(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        *,
        token: str | None = None,
        authorization: str | None = None,
    ) -> httpx.Response:
        """POST an operation; ``token`` becomes ``Bearer <token>``, ``authorization`` is raw."""
        headers = {}
        if token is not None:
            headers["authorization"] = f"Bearer {token}"
        if authorization is not None:
            headers["authorization"] = authorization
        return httpx.post(
            self.url,
            json={"query": query, "variables": dict(variables or {})},
            headers=headers,
            timeout=30.0,
        )

    def data(self, query: str, variables: Mapping[str, Any] | None = None, **auth: Any) -> Any:
        response = self.post(query, variables, **auth)
        body = response.json()
        assert response.status_code == 200 and not body.get("errors"), body
        return body["data"]

    def register(self, prefix: str = "auth") -> Account:
        username = f"{prefix}{uuid.uuid4().hex[:10]}"
        user = self.data(
            REGISTER,
            registration(username, "Auth Test"),
        )["register"]
        token = self.data(LOGIN, credentials(username))["login"]["token"]
        return Account(user["id"], username, token)


type RouterFactory = Callable[..., Router]


@pytest.fixture(scope="session")
def mongo_uri() -> Iterator[str]:
    process, uri = start_mongoeco("mongoeco-auth")
    yield uri
    process.stop()


@pytest.fixture(scope="session")
def start_router() -> Iterator[RouterFactory]:
    """Start routers on the committed supergraph; stopped at the end of the session.

    ``subgraphs`` maps names to running subgraphs; the others point at a closed port.
    ``env`` is added last (e.g. another key, another JWKS URL).
    """
    started: list[ManagedProcess] = []

    def start(subgraphs: Mapping[str, RunningSubgraph], env: Mapping[str, str]) -> Router:
        port = free_port()
        closed = f"http://127.0.0.1:{free_port()}/graphql"
        urls = {name: closed for name in NOT_STARTED}
        urls.update({name: running.graphql_url for name, running in subgraphs.items()})
        process = ManagedProcess(
            name=f"auth-router-{port}",
            argv=[PYTHON, "-m", "router", "--supergraph", str(SUPERGRAPH), "--port", str(port)],
            env={
                "ROUTER_ENV": "development",
                **{f"ROUTER_SUBGRAPH_{name.upper()}_URL": url for name, url in urls.items()},
                **env,
            },
        ).start()
        started.append(process)
        wait_for_http(f"http://127.0.0.1:{port}/health", process, timeout=120)
        return Router(f"http://127.0.0.1:{port}/graphql", process)

    yield start
    for process in started:
        process.stop()


@pytest.fixture(scope="session")
def router(
    start_router: RouterFactory,
    users_subgraph: RunningSubgraph,
    events_subgraph: RunningSubgraph,
) -> Router:
    """Authenticates against the users subgraph's JWKS and signs with the test router key."""
    return start_router(
        {"users": users_subgraph, "events": events_subgraph},
        {
            **ROUTER_ENV,
            "ROUTER_JWKS_URL": users_subgraph.jwks_url,
            "ROUTER_JWKS_REFETCH_INTERVAL": "0.2",
        },
    )


@pytest.fixture(scope="session")
def alice(router: Router) -> Account:
    return router.register("alice")
