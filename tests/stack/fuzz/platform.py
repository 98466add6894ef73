"""A synchronous client of the real stack (router in front of the five subgraphs), shared by
the fuzz and abuse tests: raw requests, GraphQL calls, people and events."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from tests.support.accounts import LOGIN, REGISTER, credentials, registration
from tests.webapp.stack import Stack, start_stack

CREATE_EVENT = "mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }"
_counter = itertools.count()


@dataclass(frozen=True)
class Person:
    id: str
    username: str
    token: str


class Platform:
    """The running stack and an HTTP client for its router (one connection pool)."""

    def __init__(self, stack: Stack, timeout: float = 60.0) -> None:
        self.stack = stack
        self.url = stack.router_url
        self.http = httpx.Client(timeout=timeout)

    def close(self) -> None:
        self.http.close()

    def router_alive(self) -> bool:
        health = self.http.get(self.url.removesuffix("graphql") + "health")
        return self.stack.processes[-1].alive() and health.is_success

    def post(
        self,
        body: Any,
        token: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """POST ``body`` as JSON (any JSON value) with an optional bearer token."""
        sent = dict(headers or {})
        if token:
            sent["authorization"] = f"Bearer {token}"
        return self.http.post(self.url, json=body, headers=sent)

    def graphql(
        self, query: str, variables: Mapping[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """The JSON body of a GraphQL POST (whatever its status)."""
        body: dict[str, Any] = self.post(
            {"query": query, "variables": dict(variables or {})}, token
        ).json()
        return body

    def data(
        self, query: str, variables: Mapping[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """The ``data`` of a GraphQL call that must succeed without errors."""
        body = self.graphql(query, variables, token)
        assert not body.get("errors"), body
        data: dict[str, Any] = body["data"]
        return data

    def new_person(self, label: str, headers: Mapping[str, str] | None = None) -> Person:
        """Register and log in a new user (``headers`` go with the login, e.g. a proxy's)."""
        username = f"{label[:12]}{next(_counter)}{uuid.uuid4().hex[:8]}"
        registered = self.data(
            REGISTER,
            registration(username, label.title()),
        )
        login = self.post(
            {"query": LOGIN, "variables": credentials(username)}, headers=headers
        ).json()
        assert not login.get("errors"), login
        return Person(registered["register"]["id"], username, login["data"]["login"]["token"])

    def new_event(self, owner: Person, *, public: bool, title: str = "") -> str:
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
        created = self.data(
            CREATE_EVENT,
            {
                "input": {
                    "title": title or ("Public party" if public else "Private dinner"),
                    "description": "all welcome" if public else "secret details",
                    "startsAt": start.isoformat(),
                    "endsAt": (start + timedelta(hours=2)).isoformat(),
                    "isPublic": public,
                }
            },
            owner.token,
        )
        event_id: str = created["createEvent"]["id"]
        return event_id


@contextmanager
def running_platform(
    data_dir: Path, extra_env: Mapping[str, str] | None = None
) -> Iterator[Platform]:
    """Start the stack (no web app) for a test package and stop it afterwards."""
    stack = start_stack(data_dir, with_webapp=False, extra_env=extra_env)
    platform = Platform(stack)
    try:
        yield platform
    finally:
        platform.close()
        stack.stop()
