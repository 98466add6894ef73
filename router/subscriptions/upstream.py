"""The router's side of graphql-transport-ws towards the subgraph that owns a subscription.

The upgrade request carries the headers of a query fetch (the router credential,
``x-request-id``, ``x-forwarded-for``); ``connection_init`` repeats them as
``{"headers": {...}}``. Each client subscription has its own upstream connection, closed
(``complete`` first) when the client goes away.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping
from typing import Any

import aiohttp
import orjson

from router.errors import SubgraphUnavailable
from router.subscriptions.errors import SubscriptionEnded

logger = logging.getLogger("router.subscriptions")

PROTOCOL = "graphql-transport-ws"
_ID = "1"


def websocket_url(url: str) -> str:
    """The WebSocket URL of a subgraph's HTTP URL (``http`` -> ``ws``, ``https`` -> ``wss``)."""
    if url.startswith("https://"):
        return "wss://" + url.removeprefix("https://")
    if url.startswith("http://"):
        return "ws://" + url.removeprefix("http://")
    return url


async def subscribe_upstream(
    session: aiohttp.ClientSession,
    subgraph: str,
    url: str,
    headers: Mapping[str, str],
    body: dict[str, Any],
    ack_timeout: float,
) -> AsyncIterator[dict[str, Any]]:
    """The subgraph's ``next`` payloads; ``SubgraphUnavailable`` when it cannot be reached or
    the connection ends before ``complete``, ``SubscriptionEnded`` for its ``error``."""
    try:
        ws = await session.ws_connect(
            websocket_url(url),
            protocols=(PROTOCOL,),
            headers=dict(headers),
            timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=2.0),
            autoping=True,
        )
    except (aiohttp.ClientError, OSError, TimeoutError) as error:
        reason = f"WebSocket connection failed ({type(error).__name__}: {error})"
        raise SubgraphUnavailable(subgraph, reason) from None
    completed = False
    try:
        await _send(ws, {"type": "connection_init", "payload": {"headers": dict(headers)}})
        await _acknowledged(ws, subgraph, ack_timeout)
        await _send(ws, {"id": _ID, "type": "subscribe", "payload": body})
        async for message in _messages(ws, subgraph):
            kind = message.get("type")
            if kind == "next" and isinstance(message.get("payload"), dict):
                yield message["payload"]
            elif kind == "error":
                completed = True
                payload = message.get("payload")
                raise SubscriptionEnded(payload if isinstance(payload, list) else [])
            elif kind == "complete":
                completed = True
                return
        raise SubgraphUnavailable(subgraph, f"WebSocket closed (code {ws.close_code})")
    finally:
        await _close(ws, completed)


async def _send(ws: aiohttp.ClientWebSocketResponse, message: dict[str, Any]) -> None:
    await ws.send_str(orjson.dumps(message).decode())


async def _acknowledged(ws: aiohttp.ClientWebSocketResponse, subgraph: str, timeout: float) -> None:
    try:
        async with asyncio.timeout(timeout):
            async for message in _messages(ws, subgraph):
                if message.get("type") == "connection_ack":
                    return
    except TimeoutError:
        raise SubgraphUnavailable(subgraph, "no connection_ack", "TIMEOUT") from None
    raise SubgraphUnavailable(subgraph, f"WebSocket closed before connection_ack ({ws.close_code})")


async def _messages(
    ws: aiohttp.ClientWebSocketResponse, subgraph: str
) -> AsyncIterator[dict[str, Any]]:
    """The JSON messages of the connection, answering pings; ends when it closes."""
    async for frame in ws:
        if frame.type is not aiohttp.WSMsgType.TEXT:
            if frame.type is aiohttp.WSMsgType.ERROR:
                raise SubgraphUnavailable(subgraph, f"WebSocket error ({ws.exception()})")
            continue
        try:
            message = orjson.loads(frame.data)
        except orjson.JSONDecodeError:
            raise SubgraphUnavailable(subgraph, "non-JSON message", "BAD_RESPONSE") from None
        if not isinstance(message, dict):
            raise SubgraphUnavailable(subgraph, "message is not an object", "BAD_RESPONSE")
        if message.get("type") == "ping":
            await _send(ws, {"type": "pong"})
            continue
        yield message


async def _close(ws: aiohttp.ClientWebSocketResponse, completed: bool) -> None:
    """Say ``complete`` unless the subgraph did, then close (never raises)."""
    try:
        if not ws.closed:
            if not completed:
                await _send(ws, {"id": _ID, "type": "complete"})
            await ws.close()
    except (aiohttp.ClientError, OSError, RuntimeError):
        logger.debug("closing the upstream subscription failed", exc_info=True)
