"""One real platform for the session tests: short-lived access tokens (``ACCESS_TTL``) and a
revocation list the router re-reads every ``REVOCATION_CACHE`` seconds."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.support.accounts import PASSWORD
from tests.webapp.stack import Stack, start_stack

ACCESS_TTL = 12  # seconds: long enough to see revocation before expiry, short to wait out
REVOCATION_CACHE = 1.0
WINDOW = REVOCATION_CACHE + 5.0  # how long a test waits for a revocation to take effect

REGISTER = "mutation($input: RegisterInput!) { register(input: $input) { id username } }"
LOGIN = """mutation($u: String!, $p: String!) {
  login(username: $u, password: $p) { token expiresAt refreshToken user { id } }
}"""
REFRESH = """mutation($r: String!) {
  refreshSession(refreshToken: $r) { token expiresAt refreshToken }
}"""
LOGOUT = "mutation { logout }"
ME = "{ me { id username } }"
CREATE_EVENT = "mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }"


@dataclass(frozen=True)
class Login:
    user_id: str
    username: str
    token: str
    refresh_token: str


@dataclass(frozen=True)
class Api:
    """The router, as an API client sees it."""

    url: str

    def post(
        self, query: str, variables: Mapping[str, Any] | None = None, token: str | None = None
    ) -> httpx.Response:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        body = {"query": query, "variables": dict(variables or {})}
        return httpx.post(self.url, json=body, headers=headers, timeout=30.0)

    def data(
        self, query: str, variables: Mapping[str, Any] | None = None, token: str | None = None
    ) -> Any:
        response = self.post(query, variables, token)
        body = response.json()
        assert response.status_code == 200 and not body.get("errors"), body
        return body["data"]

    def register(self, prefix: str = "sess") -> str:
        username = f"{prefix}{uuid.uuid4().hex[:10]}"
        account = {
            "username": username,
            "email": f"{username}@example.org",
            "password": PASSWORD,
            "displayName": "Session Test",
        }
        self.data(REGISTER, {"input": account})
        return username

    def login(self, username: str) -> Login:
        login = self.data(LOGIN, {"u": username, "p": PASSWORD})["login"]
        return Login(login["user"]["id"], username, login["token"], login["refreshToken"])

    def create_event(self, token: str, title: str) -> httpx.Response:
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
        event = {
            "title": title,
            "startsAt": start.isoformat(),
            "endsAt": (start + timedelta(hours=1)).isoformat(),
        }
        return self.post(CREATE_EVENT, {"input": event}, token)


def refused(response: httpx.Response) -> str:
    """The router's refusal of a token: 401 UNAUTHENTICATED, nothing ran; its message."""
    assert response.status_code == 401, response.text
    body = response.json()
    assert "data" not in body, body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED", body
    return str(error["message"])


def eventually[T](probe: Callable[[], T | None], what: str, timeout: float = WINDOW) -> T:
    """Poll ``probe`` until it returns a value (never asserts how fast it happened)."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result is not None:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.2)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = start_stack(
        tmp_path_factory.mktemp("sessions-stack"),
        extra_env={
            "USERS_JWT_TTL_SECONDS": str(ACCESS_TTL),
            "ROUTER_REVOCATION_CACHE_TTL": str(REVOCATION_CACHE),
            "WEBAPP_TOKEN_REFRESH_MARGIN_SECONDS": "0",  # exercise the refused-token path
        },
    )
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def api(stack: Stack) -> Api:
    return Api(stack.router_url)
