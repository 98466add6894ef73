"""Who may subscribe, and how much: the JWT of queries (SSE header; graphql-ws
``connection_init`` payload or upgrade header), the per-connection and per-client limits,
and the protocol's own refusals."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from contextlib import AsyncExitStack

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.router.subscriptions.conftest import (
    PER_CLIENT,
    PER_CONNECTION,
    Signer,
    Stack,
    start_stack,
    subscription,
)
from tests.support.subscriptions import sse_messages, sse_subscription, ws_connection

ENDLESS = subscription(every=0.2, count=100_000)
WHO = "subscription { reviewAdded(count: 1) { id } }"


async def test_sse_with_an_invalid_token_is_401(stack: Stack) -> None:
    async with sse_subscription(stack.router_url, WHO, token="not-a-jwt") as response:
        assert response.status_code == 401
        body = httpx.Response(401, content=await response.aread()).json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert stack.upstream()["live"] == 0


async def test_graphql_ws_with_an_invalid_token_is_closed_4403(stack: Stack) -> None:
    expired = stack.sign(lifetime=-60)
    for payload in (
        {"Authorization": "Bearer nope"},
        {"headers": {"authorization": f"Bearer {expired}"}},
    ):
        async with ws_connection(stack.router_url, acknowledge=False) as client:
            await client.send({"type": "connection_init", "payload": payload})
            with pytest.raises(ConnectionClosed) as closed:
                await client.receive()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
        assert "Forbidden" in closed.value.rcvd.reason


async def test_graphql_ws_takes_the_token_from_the_payload_or_the_upgrade(stack: Stack) -> None:
    token = stack.sign("carol")
    ways: tuple[tuple[dict[str, object], dict[str, str]], ...] = (
        ({"Authorization": f"Bearer {token}"}, {}),
        ({"headers": {"authorization": f"Bearer {token}"}}, {}),
        ({}, {"authorization": f"Bearer {token}"}),
    )
    for payload, headers in ways:
        async with ws_connection(stack.router_url, payload, headers) as client:
            await client.subscribe("s", WHO)
            assert [m["type"] for m in await client.until_done("s")] == ["next", "complete"]
        report = stack.upstream()
        init = report["initHeaders"]
        assert isinstance(init, dict) and init["authorization"].startswith("Bearer ")
        assert init["authorization"] != f"Bearer {token}"  # the router's credential instead


async def test_graphql_ws_limit_per_connection(stack: Stack) -> None:
    async with ws_connection(
        stack.router_url, {"Authorization": f"Bearer {stack.sign()}"}
    ) as client:
        for index in range(PER_CONNECTION):
            await client.subscribe(f"s{index}", ENDLESS)
        await client.subscribe("over", ENDLESS)
        (refused,) = await client.until_done("over")
        # a completed one frees its place
        await client.send({"id": "s0", "type": "complete"})
        await asyncio.to_thread(stack.wait_live, PER_CONNECTION - 1)
        await client.subscribe("again", ENDLESS)
        while (await client.receive()).get("id") != "again":
            pass
    assert refused["type"] == "error"
    extensions = refused["payload"][0]["extensions"]
    assert extensions == {
        "code": "TOO_MANY_SUBSCRIPTIONS",
        "limit": PER_CONNECTION,
        "scope": "connection",
    }
    await asyncio.to_thread(stack.wait_live, 0)


async def test_limit_per_client_across_connections_and_protocols(stack: Stack) -> None:
    token = stack.sign("dave")
    streams = []
    async with AsyncExitStack() as held:
        for _ in range(PER_CLIENT - 1):
            response = await held.enter_async_context(
                sse_subscription(stack.router_url, ENDLESS, token)
            )
            streams.append(sse_messages(response))  # kept: closing one closes its response
            assert (await anext(streams[-1])).event == "next"
        client = await held.enter_async_context(
            ws_connection(stack.router_url, {"Authorization": f"Bearer {token}"})
        )
        await client.subscribe("last", ENDLESS)
        assert (await client.receive())["type"] == "next"
        await client.subscribe("over", ENDLESS)
        (refused,) = await client.until_done("over")
        async with sse_subscription(stack.router_url, ENDLESS, token) as over:
            assert over.status_code == 429
            body = httpx.Response(429, content=await over.aread()).json()
        other = stack.sign("erin")  # another client is not affected
        async with sse_subscription(stack.router_url, WHO, other) as response:
            assert [m.event async for m in sse_messages(response) if m.event][-1] == "complete"
    for error in (refused["payload"][0], body["errors"][0]):
        assert error["extensions"] == {
            "code": "TOO_MANY_SUBSCRIPTIONS",
            "limit": PER_CLIENT,
            "scope": "client",
        }
    await asyncio.to_thread(stack.wait_live, 0)


async def _close_code(stack: Stack, *messages: Mapping[str, object]) -> int:
    async with ws_connection(stack.router_url, acknowledge=False) as client:
        for message in messages:
            await client.send(message)
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                await client.receive()
    assert closed.value.rcvd is not None
    return closed.value.rcvd.code


async def test_graphql_ws_protocol_refusals(stack: Stack) -> None:
    init = {"type": "connection_init"}
    subscribe = {"id": "x", "type": "subscribe", "payload": {"query": ENDLESS}}
    assert await _close_code(stack, subscribe) == 4401  # before connection_init
    assert await _close_code(stack, init, init) == 4429
    assert await _close_code(stack, init, subscribe, subscribe) == 4409
    assert await _close_code(stack, init, {"type": "nonsense"}) == 4400
    assert await _close_code(stack) == 4408  # no connection_init within 1 s
    await asyncio.to_thread(stack.wait_live, 0)


async def test_graphql_ws_invalid_operations_get_an_error(stack: Stack) -> None:
    async with ws_connection(stack.router_url) as client:
        await client.subscribe("bad", "subscription { nope }")
        (bad,) = await client.until_done("bad")
        await client.send({"id": "empty", "type": "subscribe", "payload": {}})
        (empty,) = await client.until_done("empty")
    assert bad["type"] == "error"
    assert bad["payload"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert empty["type"] == "error" and empty["payload"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_a_websocket_without_the_subprotocol_is_refused(stack: Stack) -> None:
    with pytest.raises(InvalidStatus) as refused:
        async with connect(stack.router_url.replace("http://", "ws://", 1)):
            pass
    assert refused.value.response.status_code == 403


async def test_a_graphql_ws_message_over_the_body_limit_closes_the_connection(
    stack: Stack,
) -> None:
    huge = {"id": "h", "type": "subscribe", "payload": {"query": "#" + "x" * 1_100_000}}
    assert await _close_code(stack, {"type": "connection_init"}, huge) == 1009  # too big


async def test_graphql_ws_operations_count_against_the_rate_limit(
    signer: tuple[Signer, str],
) -> None:
    sign, jwks_url = signer
    limited = {
        "ROUTER_RATE_LIMIT_REQUESTS": "2",
        "ROUTER_RATE_LIMIT_BURST": "2",
        "ROUTER_RATE_LIMIT_REFUSAL_DELAY": "0",
    }
    stack, processes = start_stack(jwks_url, sign, limited)
    try:
        async with ws_connection(stack.router_url) as client:
            outcomes = []
            for index in range(3):
                await client.subscribe(f"q{index}", "{ latestReview { id } }")
                outcomes.append((await client.until_done(f"q{index}"))[-1])
    finally:
        for process in processes:
            process.stop()
    assert [o["type"] for o in outcomes] == ["complete", "complete", "error"]
    error = outcomes[2]["payload"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert error["extensions"]["retryAfter"] >= 1
