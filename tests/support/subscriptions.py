"""Clients of GraphQL subscriptions for tests: GraphQL over SSE (distinct connections) and
graphql-ws (``graphql-transport-ws``)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

WS_PROTOCOL = "graphql-transport-ws"


@dataclass(frozen=True)
class SseMessage:
    """An event (``next`` / ``complete``) or, with ``event`` empty, a ``:`` comment."""

    event: str
    data: Any = None


async def sse_messages(response: httpx.Response) -> AsyncIterator[SseMessage]:
    """The events and comments of a ``text/event-stream`` body, as they arrive."""
    event, data = "", ""
    async for line in response.aiter_lines():
        if line.startswith(":"):
            yield SseMessage("")
        elif line.startswith("event:"):
            event = line.removeprefix("event:").strip()
        elif line.startswith("data:"):
            data += line.removeprefix("data:").strip()
        elif line == "" and event:
            yield SseMessage(event, json.loads(data) if data else None)
            event, data = "", ""


@asynccontextmanager
async def sse_subscription(
    url: str,
    query: str,
    token: str | None = None,
    variables: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> AsyncIterator[httpx.Response]:
    """POST a subscription with ``Accept: text/event-stream``; the open response."""
    sent = {"accept": "text/event-stream", **(headers or {})}
    if token is not None:
        sent["authorization"] = f"Bearer {token}"
    async with (
        httpx.AsyncClient(timeout=httpx.Timeout(30.0)) as client,
        client.stream(
            "POST", url, json={"query": query, "variables": dict(variables or {})}, headers=sent
        ) as response,
    ):
        yield response


async def sse_events(url: str, query: str, token: str | None = None) -> list[SseMessage]:
    """Every event of a subscription until ``complete`` (comments left out)."""
    async with sse_subscription(url, query, token) as response:
        assert response.status_code == 200, await response.aread()
        return [m async for m in sse_messages(response) if m.event]


class WsClient:
    """One graphql-transport-ws connection."""

    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection

    async def send(self, message: Mapping[str, Any]) -> None:
        await self.connection.send(json.dumps(message))

    async def receive(self) -> dict[str, Any]:
        """The next message (``ping`` answered with ``pong`` and returned)."""
        message: dict[str, Any] = json.loads(await self.connection.recv())
        if message.get("type") == "ping":
            await self.send({"type": "pong"})
        return message

    async def subscribe(self, identifier: str, query: str, **payload: Any) -> None:
        await self.send(
            {"id": identifier, "type": "subscribe", "payload": {"query": query, **payload}}
        )

    async def until_done(self, identifier: str) -> list[dict[str, Any]]:
        """The messages of one operation up to its ``complete`` or ``error`` (others skipped)."""
        messages = []
        while True:
            message = await self.receive()
            if message.get("id") != identifier:
                continue
            messages.append(message)
            if message["type"] in ("complete", "error"):
                return messages


@asynccontextmanager
async def ws_connection(
    url: str,
    init_payload: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    acknowledge: bool = True,
) -> AsyncIterator[WsClient]:
    """A connection to ``url`` (http -> ws); ``connection_init`` sent and acknowledged unless
    ``acknowledge`` is false (then nothing is sent)."""
    ws_url = url.replace("http://", "ws://", 1)
    async with connect(
        ws_url,
        subprotocols=[Subprotocol(WS_PROTOCOL)],
        additional_headers=dict(headers or {}),
    ) as connection:
        client = WsClient(connection)
        if acknowledge:
            await client.send({"type": "connection_init", "payload": dict(init_payload or {})})
            ack = await client.receive()
            assert ack == {"type": "connection_ack"}, ack
        yield client
