"""Through the web app, login throttling counts browsers, not the web app or its TLS proxy:
the web app forwards the browser's address (the TCP peer, or what its trusted proxy says in
X-Forwarded-For), so one browser's failed logins make only that browser wait.

The stack: the web app trusts a TLS proxy at 127.0.0.2 (``WEBAPP_TRUSTED_PROXIES``), the
router trusts the web app (loopback). Browsers behind the proxy are told apart by the address
the proxy appends; others connect from their own loopback address.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.stack.abuse.conftest import client_from
from tests.support.accounts import PASSWORD, REGISTER, registration, unique_username
from tests.webapp.stack import Stack, start_stack

CLIENT_FREE_FAILURES = 10
PROXY = "127.0.0.2"
ENV = {
    "USERS_LOGIN_CLIENT_FREE_FAILURES": str(CLIENT_FREE_FAILURES),
    "USERS_LOGIN_FIRST_DELAY_SECONDS": "300",
    "WEBAPP_TRUSTED_PROXIES": PROXY,
}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    data_dir: Path = tmp_path_factory.mktemp("webapp-addresses")
    running = start_stack(data_dir, extra_env=ENV)
    try:
        yield running
    finally:
        running.stop()


class Browser:
    """One browser (its own cookies), connecting from ``address`` or through the proxy."""

    def __init__(self, stack: Stack, address: str, forwarded_for: str | None = None) -> None:
        self.http = client_from(address)
        self.url = f"{stack.webapp_url}/accounts/login/"
        self.headers = {"x-forwarded-for": forwarded_for} if forwarded_for else {}

    def log_in(self, username: str, password: str) -> str:
        """``in``, ``refused`` (wrong password) or ``waits`` (RATE_LIMITED)."""
        self.http.cookies.clear()
        page = self.http.get(self.url, headers=self.headers)
        token = CSRF.search(page.text)
        assert token, page.text[:500]
        form = {"csrfmiddlewaretoken": token[1], "username": username, "password": password}
        answer = self.http.post(self.url, data=form, headers=self.headers)
        if answer.status_code == 302:
            return "in"
        if "Too many failed login attempts" in answer.text:
            return "waits"
        assert "Wrong username or password" in answer.text, answer.text[:2000]
        return "refused"

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def owner(stack: Stack) -> str:
    username = unique_username("owner")
    response = httpx.post(
        stack.router_url, json={"query": REGISTER, "variables": registration(username)}
    )
    assert not response.json().get("errors"), response.text
    return username


def test_one_browser_s_failed_logins_do_not_block_another_browser(stack: Stack, owner: str) -> None:
    mine = Browser(stack, PROXY, "198.51.100.20")
    attacker = Browser(stack, PROXY, "198.51.100.10")
    direct = Browser(stack, "127.0.0.3")
    try:
        assert mine.log_in(owner, PASSWORD) == "in"
        outcomes = [
            attacker.log_in(owner if attempt < 3 else unique_username("x"), "wrong password")
            for attempt in range(20)
        ]
        assert outcomes == ["refused"] * CLIENT_FREE_FAILURES + ["waits"] * 10

        assert mine.log_in(owner, PASSWORD) == "in"
        assert direct.log_in(owner, PASSWORD) == "in"
    finally:
        for browser in (mine, attacker, direct):
            browser.close()


def test_a_browser_cannot_borrow_another_s_address(stack: Stack, owner: str) -> None:
    victim = Browser(stack, PROXY, "198.51.100.30")
    # Not the trusted proxy: its X-Forwarded-For is ignored, it is counted as itself.
    spoofer = Browser(stack, "127.0.0.4", "198.51.100.30")
    try:
        outcomes = [spoofer.log_in(unique_username("y"), "wrong") for _ in range(12)]
        assert outcomes[-1] == "waits"
        assert victim.log_in(owner, PASSWORD) == "in"
    finally:
        victim.close()
        spoofer.close()
