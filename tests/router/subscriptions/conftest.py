"""Real processes for the subscription tests: the fixture subgraph server with the
``subscriptions`` fixture (reviews owns ``Subscription.reviewAdded``; products and shipping
complete its events, shipping through ``@requires``), a JWKS issuer and a router with small
limits and a short keep-alive."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from plumbing.keys import generate_key
from plumbing.tokens import sign_token
from tests.router.conformance.harness import start_router, start_subgraph_server, supergraph_of
from tests.support.processes import PYTHON, ManagedProcess, free_port, wait_for_http
from tests.support.router_credentials import ROUTER_ENV

SUPERGRAPH = supergraph_of("subscriptions")
PER_CLIENT = 3
PER_CONNECTION = 2
KEEPALIVE = 0.3
POOL_SIZE = 2  # fetch connections per subgraph: fewer than the subscriptions held at once

EVENT = "reviewAdded(every: $every, count: $count)"
FULL_QUERY = (
    "subscription($every: Float!, $count: Int!) { "
    f"{EVENT} {{ id body product {{ upc name shippingEstimate }} }} }}"
)
EXPECTED_EVENTS = [
    {
        "id": "r1",
        "body": "Bright",
        "product": {"upc": "lamp", "name": "Lamp", "shippingEstimate": 10},
    },
    {
        "id": "r2",
        "body": "Loud",
        "product": {"upc": "piano", "name": "Piano", "shippingEstimate": 490},
    },
    {"id": "r3", "body": "Dim", "product": {"upc": "lamp", "name": "Lamp", "shippingEstimate": 10}},
]


def subscription(every: float, count: int, selection: str = "id") -> str:
    """A subscription document with literal arguments."""
    return f"subscription {{ reviewAdded(every: {every}, count: {count}) {{ {selection} }} }}"


type Signer = Callable[..., str]


@dataclass(frozen=True)
class Stack:
    router_url: str
    subgraph_base: str
    sign: Signer

    def upstream(self) -> dict[str, object]:
        """What the subgraph server saw of its subscriptions."""
        report: dict[str, object] = httpx.get(f"{self.subgraph_base}/_subscriptions").json()
        return report

    def wait_live(self, live: int, timeout: float = 5.0) -> dict[str, object]:
        """Wait until the subgraph holds ``live`` subscriptions; the report."""
        deadline = time.monotonic() + timeout
        while True:
            report = self.upstream()
            if report["live"] == live or time.monotonic() > deadline:
                assert report["live"] == live, report
                return report
            time.sleep(0.05)


@pytest.fixture(scope="session")
def signer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Signer, str]]:
    """Sign user tokens with a key a JWKS server publishes; (sign, JWKS URL)."""
    key = generate_key()
    directory: Path = tmp_path_factory.mktemp("jwks")
    (directory / "jwks.json").write_text(json.dumps({"keys": [key.as_dict(private=False)]}))
    port = free_port()
    process = ManagedProcess(
        name=f"subscriptions-jwks-{port}",
        argv=[PYTHON, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", str(directory)],
    ).start()
    url = f"http://127.0.0.1:{port}/jwks.json"
    wait_for_http(url, process)

    def sign(subject: str | None = None, lifetime: float = 600.0) -> str:
        now = int(time.time())
        claims = {
            "iss": "fedcal-users",
            "aud": "fedcal",
            "sub": subject or f"user-{uuid.uuid4().hex[:8]}",
            "iat": now,
            "exp": int(time.time() + lifetime),
        }
        return sign_token(claims, key)

    yield sign, url
    process.stop()


def router_env(jwks_url: str) -> dict[str, str]:
    return {
        **ROUTER_ENV,
        "ROUTER_JWKS_URL": jwks_url,
        "ROUTER_SUBSCRIPTIONS_PER_CLIENT": str(PER_CLIENT),
        "ROUTER_SUBSCRIPTIONS_PER_CONNECTION": str(PER_CONNECTION),
        "ROUTER_SUBSCRIPTION_KEEPALIVE": str(KEEPALIVE),
        "ROUTER_SUBSCRIPTION_INIT_TIMEOUT": "1",
        "ROUTER_SUBGRAPH_POOL_SIZE": str(POOL_SIZE),
    }


def start_stack(
    jwks_url: str, sign: Signer, extra_env: dict[str, str] | None = None
) -> tuple[Stack, list[ManagedProcess]]:
    """A subgraph server of its own and a router in front of it."""
    subgraphs, base = start_subgraph_server("subscriptions")
    router, url = start_router(SUPERGRAPH, base, router_env(jwks_url) | (extra_env or {}))
    return Stack(url, base, sign), [router, subgraphs]


@pytest.fixture(scope="session")
def stack(signer: tuple[Signer, str]) -> Iterator[Stack]:
    sign, jwks_url = signer
    started, processes = start_stack(jwks_url, sign)
    yield started
    for process in processes:
        process.stop()
