"""One real stack for the abuse tests, with small login-throttling limits and one trusted
proxy address (127.0.0.2): every other loopback address is an untrusted client."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.stack.fuzz.platform import Platform, running_platform

PAIR_FREE_FAILURES = 3
ACCOUNT_FREE_FAILURES = 4
CLIENT_FREE_FAILURES = 5
TRUSTED_PROXY = "127.0.0.2"
ABUSE_ENV = {
    "USERS_LOGIN_FREE_FAILURES": str(PAIR_FREE_FAILURES),
    "USERS_LOGIN_ACCOUNT_FREE_FAILURES": str(ACCOUNT_FREE_FAILURES),
    "USERS_LOGIN_CLIENT_FREE_FAILURES": str(CLIENT_FREE_FAILURES),
    "USERS_LOGIN_FIRST_DELAY_SECONDS": "300",
    "USERS_LOGIN_FAILURE_WINDOW_SECONDS": "600",
    "ROUTER_TRUSTED_PROXIES": TRUSTED_PROXY,
}


@pytest.fixture(scope="package")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    with running_platform(tmp_path_factory.mktemp("abuse"), ABUSE_ENV) as running:
        yield running


@pytest.fixture(scope="module", autouse=True)
def router_survives(platform: Platform) -> Iterator[None]:
    yield
    assert platform.router_alive(), platform.stack.processes[-1].log_tail()


def client_from(address: str) -> httpx.Client:
    """An HTTP client whose connections come from ``address`` (any 127.0.0.0/8 address)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=60.0)
