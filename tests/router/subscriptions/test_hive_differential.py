"""The events of subscriptions compared with Hive Gateway 2.15 on the same subgraphs (Hive
subscribes to them over graphql-transport-ws too): over SSE and graphql-ws, each event's
payload is the same as Hive's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.router.conformance.harness import start_peer_gateways
from tests.router.subscriptions.conftest import SUPERGRAPH, Stack
from tests.support.subscriptions import sse_messages, sse_subscription, ws_connection

DOCUMENTS = {
    "entity_and_requires": (
        "subscription { reviewAdded(count: 3) { id body product { upc name shippingEstimate } } }"
    ),
    "aliases_and_typename": (
        "subscription { r: reviewAdded(count: 2) { __typename key: id product { __typename"
        " cost: price estimate: shippingEstimate } } }"
    ),
    "requires_only": "subscription { reviewAdded(count: 3) { product { shippingEstimate } } }",
    "variables": (
        "subscription Next($n: Int!) { reviewAdded(count: $n, every: 0) { id product { name } } }"
    ),
    "fragments": (
        "subscription { reviewAdded(count: 2) { ...R } }"
        " fragment R on Review { body product { ... on Product { weight name } } }"
    ),
}
VARIABLES = {"variables": {"n": 2}}


@pytest.fixture(scope="module")
def hive(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work: Path = tmp_path_factory.mktemp("hive-subscriptions")
    env = {"HIVE_SUBSCRIPTIONS": "1"}
    proc, urls = start_peer_gateways("hive", [SUPERGRAPH], stack.subgraph_base, work, env)
    yield urls[SUPERGRAPH]
    proc.stop()


async def _sse(url: str, document: str, name: str) -> list[object]:
    variables = VARIABLES["variables"] if name == "variables" else None
    async with sse_subscription(url, document, variables=variables) as response:
        assert response.status_code == 200
        messages = [m async for m in sse_messages(response) if m.event]
    assert messages[-1].event == "complete", messages
    return [m.data for m in messages[:-1]]


async def _ws(url: str, document: str, name: str) -> list[object]:
    extra = VARIABLES if name == "variables" else {}
    async with ws_connection(url) as client:
        await client.subscribe("1", document, **extra)
        messages = await client.until_done("1")
    assert messages[-1]["type"] == "complete", messages
    return [m["payload"] for m in messages[:-1]]


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
async def test_sse_events_match_hive(name: str, stack: Stack, hive: str) -> None:
    ours = await _sse(stack.router_url, DOCUMENTS[name], name)
    theirs = await _sse(hive, DOCUMENTS[name], name)
    assert ours and ours == theirs


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
async def test_graphql_ws_events_match_hive(name: str, stack: Stack, hive: str) -> None:
    ours = await _ws(stack.router_url, DOCUMENTS[name], name)
    theirs = await _ws(hive, DOCUMENTS[name], name)
    assert ours and ours == theirs
