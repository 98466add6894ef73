"""A subscription's life: the client going away releases the upstream subscription, a
subgraph going away ends the stream with ``SUBGRAPH_UNAVAILABLE``, an expiring token ends
it with ``UNAUTHENTICATED``, and silent streams get keep-alives."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import AsyncExitStack

import httpx
import pytest

from tests.router.subscriptions.conftest import (
    POOL_SIZE,
    Signer,
    Stack,
    start_stack,
    subscription,
)
from tests.support.processes import ManagedProcess
from tests.support.subscriptions import sse_messages, sse_subscription, ws_connection

ENDLESS = subscription(every=0.1, count=100_000)
SILENT = subscription(every=30, count=2)  # one event, then silence


def _metrics(stack: Stack) -> str:
    return httpx.get(stack.router_url.removesuffix("/graphql") + "/metrics").text


async def test_sse_disconnect_releases_the_upstream_subscription(stack: Stack) -> None:
    closed = stack.upstream()["closed"]
    assert isinstance(closed, int)
    async with sse_subscription(stack.router_url, ENDLESS) as response:
        async for message in sse_messages(response):
            if message.event == "next":
                break
        assert stack.upstream()["live"] == 1
        assert "router_subscriptions_live 1\n" in _metrics(stack)
    report = await asyncio.to_thread(stack.wait_live, 0)
    assert "router_subscriptions_live 0\n" in _metrics(stack)
    assert report["closed"] == closed + 1


async def test_graphql_ws_complete_and_close_release_the_upstream(stack: Stack) -> None:
    async with ws_connection(stack.router_url) as client:
        await client.subscribe("one", ENDLESS)
        await client.subscribe("two", ENDLESS)
        seen: set[object] = set()
        while seen != {"one", "two"}:
            message = await client.receive()
            seen.add(message.get("id"))
        await asyncio.to_thread(stack.wait_live, 2)
        await client.send({"id": "one", "type": "complete"})
        await asyncio.to_thread(stack.wait_live, 1)
    await asyncio.to_thread(stack.wait_live, 0)  # the connection closed: "two" released


async def test_upstream_subscriptions_do_not_take_the_fetch_pool(stack: Stack) -> None:
    """More live subscriptions than ``ROUTER_SUBGRAPH_POOL_SIZE``: each still starts, and
    each event's entity fetches still go through."""
    token = stack.sign()
    query = subscription(every=0.1, count=100_000, selection="id product { shippingEstimate }")
    async with AsyncExitStack() as held:
        streams = []
        for _ in range(POOL_SIZE + 1):
            response = await held.enter_async_context(
                sse_subscription(stack.router_url, query, token)
            )
            streams.append(sse_messages(response))
        for stream in streams:
            first = await asyncio.wait_for(anext(stream), timeout=5)
            assert first.event == "next" and "errors" not in first.data, first
        await asyncio.to_thread(stack.wait_live, POOL_SIZE + 1)
    await asyncio.to_thread(stack.wait_live, 0)


@pytest.fixture
def own_stack(signer: tuple[Signer, str]) -> Iterator[tuple[Stack, ManagedProcess]]:
    """A stack whose subgraph server the test may kill."""
    sign, jwks_url = signer
    started, processes = start_stack(jwks_url, sign)
    yield started, processes[1]
    for process in processes:
        process.stop()


def _unavailable(errors: list[dict[str, object]]) -> None:
    assert errors, "no error"
    extensions = errors[0]["extensions"]
    assert isinstance(extensions, dict)
    assert extensions["code"] == "SUBGRAPH_UNAVAILABLE", errors
    assert extensions["serviceName"] == "reviews"
    assert errors[0]["path"] == ["reviewAdded"]


async def test_a_subgraph_going_away_ends_both_streams_with_an_error(
    own_stack: tuple[Stack, ManagedProcess],
) -> None:
    stack, subgraphs = own_stack
    async with (
        sse_subscription(stack.router_url, ENDLESS) as response,
        ws_connection(stack.router_url) as client,
    ):
        await client.subscribe("s", ENDLESS)
        assert (await client.receive())["type"] == "next"
        sse = sse_messages(response)
        assert (await anext(sse)).event == "next"
        assert subgraphs.process is not None
        subgraphs.process.kill()
        messages = await client.until_done("s")
        assert messages[-1]["type"] == "error"
        _unavailable(messages[-1]["payload"])
        rest = [m async for m in sse if m.event]
    assert [m.event for m in rest[-2:]] == ["next", "complete"]
    _unavailable(rest[-2].data["errors"])


async def test_an_expiring_token_ends_the_subscription(stack: Stack) -> None:
    token = stack.sign(lifetime=2.5)
    async with sse_subscription(stack.router_url, ENDLESS, token) as response:
        messages = [m async for m in sse_messages(response) if m.event]
    assert messages[0].event == "next" and messages[-1].event == "complete"
    error = messages[-2].data["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "expired" in error["message"]
    await asyncio.to_thread(stack.wait_live, 0)
    token = stack.sign(lifetime=2.5)
    async with ws_connection(stack.router_url, {"Authorization": f"Bearer {token}"}) as client:
        await client.subscribe("s", ENDLESS)
        ending = (await client.until_done("s"))[-1]
    assert ending["type"] == "error"
    assert ending["payload"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    await asyncio.to_thread(stack.wait_live, 0)


async def test_silent_streams_get_keepalives(stack: Stack) -> None:
    async with sse_subscription(stack.router_url, SILENT) as response:
        messages = sse_messages(response)
        assert (await anext(messages)).event == "next"
        comment = await asyncio.wait_for(anext(messages), timeout=3)
    assert comment.event == ""  # a ":" line
    async with ws_connection(stack.router_url) as client:
        await client.subscribe("s", SILENT)
        kinds = [(await asyncio.wait_for(client.receive(), timeout=3))["type"] for _ in range(2)]
    assert kinds == ["next", "ping"]


async def test_the_subgraph_refusing_the_subscription_ends_it_with_its_error(
    stack: Stack,
) -> None:
    refused = subscription(every=0, count=-1)
    async with sse_subscription(stack.router_url, refused) as response:
        messages = [m async for m in sse_messages(response) if m.event]
    assert [m.event for m in messages] == ["next", "complete"]
    async with ws_connection(stack.router_url) as client:
        await client.subscribe("s", refused)
        (ended,) = await client.until_done("s")
    assert ended["type"] == "error"
    for error in (messages[0].data["errors"][0], ended["payload"][0]):
        assert error["message"] == "reviews: count must not be negative"
        assert error["extensions"]["serviceName"] == "reviews"
        assert error["extensions"]["code"] == "SUBGRAPH_ERROR"


async def test_an_entity_subgraph_down_fails_each_event_not_the_stream(
    signer: tuple[Signer, str],
) -> None:
    sign, jwks_url = signer
    down = {"ROUTER_SUBGRAPH_PRODUCTS_URL": "http://127.0.0.1:1/graphql"}
    stack, processes = start_stack(jwks_url, sign, down)
    try:
        query = subscription(every=0.05, count=3, selection="id product { name }")
        async with sse_subscription(stack.router_url, query) as response:
            messages = [m async for m in sse_messages(response) if m.event]
    finally:
        for process in processes:
            process.stop()
    assert [m.event for m in messages] == ["next", "next", "next", "complete"]
    for message in messages[:3]:
        error = message.data["errors"][0]
        assert error["extensions"]["code"] == "SUBGRAPH_UNAVAILABLE"
        assert error["extensions"]["serviceName"] == "products"
