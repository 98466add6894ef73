"""The aiohttp subgraph transport against the real test subgraph (and a closed port)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from router.errors import SubgraphUnavailable
from router.interfaces import RequestContext
from router.settings import SubgraphEndpoint
from router.transport import AiohttpSubgraphTransport
from tests.support.processes import free_port

CONTEXT = RequestContext(headers={"authorization": "Bearer t", "x-secret": "s"}, request_id="rid-1")


@pytest.fixture
async def transport(subgraph_url: str) -> AsyncIterator[AiohttpSubgraphTransport]:
    base = subgraph_url.removesuffix("/graphql")
    transport = AiohttpSubgraphTransport(["authorization", "x-request-id"])
    transport.bind_endpoints(
        {
            "users": SubgraphEndpoint("users", subgraph_url, 10.0),
            "impatient": SubgraphEndpoint("impatient", subgraph_url, 0.2),
            "not_graphql": SubgraphEndpoint("not_graphql", f"{base}/broken", 10.0),
            "closed": SubgraphEndpoint("closed", f"http://127.0.0.1:{free_port()}/", 10.0),
        }
    )
    await transport.start()
    yield transport
    await transport.close()


async def test_fetch_returns_decoded_response_and_forwards_headers(
    transport: AiohttpSubgraphTransport,
) -> None:
    query = (
        '{ a: echoHeader(name: "authorization") r: echoHeader(name: "x-request-id") '
        's: echoHeader(name: "x-secret") }'
    )
    body = await transport.fetch("users", {"query": query}, CONTEXT)
    assert body == {"data": {"a": "Bearer t", "r": "rid-1", "s": None}}


async def test_graphql_errors_are_returned_not_raised(
    transport: AiohttpSubgraphTransport,
) -> None:
    body = await transport.fetch("users", {"query": "{ nope }"}, CONTEXT)
    assert body["errors"]


@pytest.mark.parametrize(
    ("subgraph", "query", "reason", "kind"),
    [
        ("impatient", "{ slow(milliseconds: 2000) }", "timed out", "TIMEOUT"),
        ("not_graphql", "{ hello }", "HTTP 502 with a non-JSON body", "BAD_RESPONSE"),
        ("closed", "{ hello }", "connection failed", "UNREACHABLE"),
        ("unknown", "{ hello }", "unknown subgraph", "NOT_CONFIGURED"),
    ],
)
async def test_failures_raise_subgraph_unavailable(
    transport: AiohttpSubgraphTransport, subgraph: str, query: str, reason: str, kind: str
) -> None:
    with pytest.raises(SubgraphUnavailable) as caught:
        await transport.fetch(subgraph, {"query": query}, CONTEXT)
    assert caught.value.subgraph == subgraph
    assert reason in caught.value.reason  # the detail, for logs
    assert caught.value.kind == kind  # what clients see
