"""Rate limiting on real routers: RATE_LIMITED with Retry-After per client address, and a
limit shared by two router processes through the router's database (mongoeco)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from tests.router.http.conftest import RouterFactory
from tests.support.processes import start_mongoeco

HELLO = {"query": "{ hello }"}


def _client(address: str) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=10.0)


def _post(client: httpx.Client, base: str) -> httpx.Response:
    return client.post(f"{base}/graphql", json=HELLO)


@pytest.fixture(scope="module")
def mongo_uri() -> Iterator[str]:
    process, uri = start_mongoeco("router-state")
    yield uri
    process.stop()


def test_over_the_limit_a_client_gets_rate_limited_with_retry_after(
    start_router: RouterFactory, subgraph_url: str
) -> None:
    base = start_router(
        "limited",
        {
            "ROUTER_SUBGRAPH_USERS_URL": subgraph_url,
            "ROUTER_RATE_LIMIT_REQUESTS": "3",
            "ROUTER_RATE_LIMIT_WINDOW": "3600",
        },
    )
    with _client("127.0.0.2") as noisy, _client("127.0.0.3") as other:
        for _ in range(3):
            assert _post(noisy, base).json() == {"data": {"hello": "world"}}
        refused = _post(noisy, base)
        assert refused.status_code == 429
        retry_after = int(refused.headers["retry-after"])
        assert 1 <= retry_after <= 3600
        error = refused.json()["errors"][0]
        assert error["extensions"] == {"code": "RATE_LIMITED", "retryAfter": retry_after}
        assert "data" not in refused.json()
        assert _post(other, base).json() == {"data": {"hello": "world"}}
        assert noisy.get(f"{base}/health").status_code == 200  # probes are not limited


def test_the_limit_is_shared_by_two_router_processes(
    start_router: RouterFactory, subgraph_url: str, mongo_uri: str
) -> None:
    env = {
        "ROUTER_SUBGRAPH_USERS_URL": subgraph_url,
        "ROUTER_RATE_LIMIT_REQUESTS": "6",
        "ROUTER_RATE_LIMIT_WINDOW": "3600",
        "ROUTER_RATE_LIMIT_SYNC_INTERVAL": "0.1",
        "ROUTER_MONGODB_URI": mongo_uri,
        "ROUTER_MONGODB_DB": "router_shared_limit",
    }
    first, second = start_router("shared-a", env), start_router("shared-b", env)
    with _client("127.0.0.4") as caller:
        assert _post(caller, second).status_code == 200  # the second router knows the caller
        for _ in range(5):
            assert _post(caller, first).status_code == 200  # 6 in all: the limit
        admitted_by_second = 0
        for _ in range(50):  # until the second router has synced the first one's counts
            if _post(caller, second).status_code == 429:
                break
            admitted_by_second += 1
            time.sleep(0.1)
        else:
            pytest.fail("the second router never saw the first router's requests")
        # On its own, the second router would admit 5 more (6 minus its first one).
        assert admitted_by_second < 5, admitted_by_second
        assert _post(caller, first).status_code == 429
