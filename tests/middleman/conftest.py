"""One platform for the middleman tests: mongoeco, five subgraphs, the router with our rules.

The router reaches invitations and participations through a fault proxy, so a test can make
one step of a cross-subgraph write fail while everything else works.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import pytest_asyncio

from tests.middleman.fault_proxy import FaultProxy
from tests.support.accounts import LOGIN, REGISTER, credentials, registration
from tests.webapp.stack import Stack, start_stack

PROXIED = ("invitations", "participations")
_counter = itertools.count()


@dataclass
class Platform:
    stack: Stack
    proxy: FaultProxy
    http: httpx.AsyncClient

    async def graphql(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = await self.http.post(
            self.stack.router_url,
            json={"query": query, "variables": variables or {}},
            headers=headers,
        )
        body: dict[str, Any] = response.json()
        return body


@dataclass(frozen=True)
class Person:
    id: str
    username: str
    token: str


@pytest.fixture(scope="session")
def proxy_port_holder() -> FaultProxy:
    return FaultProxy()


@pytest.fixture(scope="session")
def stack(
    tmp_path_factory: pytest.TempPathFactory, proxy_port_holder: FaultProxy
) -> Iterator[Stack]:
    urls = {name: proxy_port_holder.url(name) for name in PROXIED}
    running = start_stack(
        tmp_path_factory.mktemp("middleman"), with_webapp=False, router_subgraph_urls=urls
    )
    proxy_port_holder.targets = {name: running.subgraphs[name].graphql_url for name in PROXIED}
    yield running
    running.stop()


@pytest_asyncio.fixture(scope="session")
async def platform(stack: Stack, proxy_port_holder: FaultProxy) -> AsyncIterator[Platform]:
    await proxy_port_holder.start()
    async with httpx.AsyncClient(timeout=30) as http:
        yield Platform(stack, proxy_port_holder, http)
    await proxy_port_holder.stop()


@pytest.fixture
def proxy(platform: Platform) -> Iterator[FaultProxy]:
    yield platform.proxy
    platform.proxy.refused_fields.clear()


async def new_person(platform: Platform, label: str) -> Person:
    username = f"{label}{next(_counter)}x{datetime.now(UTC).strftime('%H%M%S%f')}"[:32]
    registered = await platform.graphql(
        REGISTER,
        registration(username, label.title()),
    )
    assert "errors" not in registered, registered
    login = await platform.graphql(LOGIN, credentials(username))
    assert "errors" not in login, login
    return Person(registered["data"]["register"]["id"], username, login["data"]["login"]["token"])


CREATE_EVENT = """mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }"""


async def new_event(platform: Platform, owner: Person, *, public: bool, title: str = "") -> str:
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    created = await platform.graphql(
        CREATE_EVENT,
        {
            "input": {
                "title": title or ("Public party" if public else "Private dinner"),
                "description": "secret details" if not public else "all welcome",
                "startsAt": start.isoformat(),
                "endsAt": (start + timedelta(hours=2)).isoformat(),
                "isPublic": public,
            }
        },
        owner.token,
    )
    assert "errors" not in created, created
    event_id: str = created["data"]["createEvent"]["id"]
    return event_id


async def eventually[T](
    probe: Callable[[], Awaitable[T]], done: Callable[[T], bool], what: str, timeout: float = 60
) -> T:
    """Poll ``probe`` until ``done(value)`` (the reconciler finishes writes in the background;
    the timeout only bounds a hung test, it asserts no speed)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await probe()
        if done(value):
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"never {what}: last {value!r}")
        await asyncio.sleep(0.2)


def codes(body: dict[str, Any]) -> list[str]:
    """The ``extensions.code`` of every error of a response, in order."""
    return [error.get("extensions", {}).get("code") for error in body.get("errors", [])]
