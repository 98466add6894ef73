"""A minimal ``graphql-transport-ws`` client for tests (the protocol the router speaks to
subgraphs): connect, subscribe, read ``next`` payloads."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

PROTOCOL = "graphql-transport-ws"
type Json = dict[str, Any]


class GraphQLWebSocket:
    """One initialised connection."""

    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection
        self._waiting: dict[str, list[Json]] = {}  # messages of other operations, in order

    async def subscribe(
        self, query: str, variables: Mapping[str, Any] | None = None
    ) -> Subscription:
        operation_id = uuid.uuid4().hex
        payload = {"query": query, "variables": dict(variables or {})}
        await self._send({"id": operation_id, "type": "subscribe", "payload": payload})
        return Subscription(self, operation_id)

    async def _send(self, message: Json) -> None:
        await self.connection.send(json.dumps(message))

    async def receive(self, operation_id: str, timeout: float) -> Json:
        """The next message of one operation (those of others wait for their turn)."""
        waiting = self._waiting.setdefault(operation_id, [])
        async with asyncio.timeout(timeout):
            while not waiting:
                message: Json = json.loads(await self.connection.recv())
                if message["type"] == "ping":
                    await self._send({"type": "pong"})
                else:
                    self._waiting.setdefault(str(message.get("id")), []).append(message)
        return waiting.pop(0)


class Subscription:
    def __init__(self, socket: GraphQLWebSocket, operation_id: str) -> None:
        self._socket = socket
        self.id = operation_id

    async def next(self, timeout: float = 5.0) -> Json:
        """The next message of this operation (``next``, ``error`` or ``complete``)."""
        return await self._socket.receive(self.id, timeout)

    async def data(self, field: str, timeout: float = 5.0) -> Json:
        """The next result's ``field``; fails on errors."""
        message = await self.next(timeout)
        assert message["type"] == "next", message
        assert not message["payload"].get("errors"), message
        value: Json = message["payload"]["data"][field]
        return value

    async def nothing(self, wait: float = 1.0) -> None:
        """Nothing arrives within ``wait`` seconds."""
        try:
            message = await self._socket.receive(self.id, wait)
        except TimeoutError:
            return
        raise AssertionError(f"unexpected message {message}")

    async def stop(self) -> None:
        await self._socket._send({"id": self.id, "type": "complete"})


@asynccontextmanager
async def graphql_ws(
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    init_payload: Json | None = None,
) -> AsyncIterator[GraphQLWebSocket]:
    """Connect to ``url`` (http:// or ws://) and initialise; ``ConnectionRefused`` if the
    server closes the connection instead of acknowledging it."""
    ws_url = url.replace("http://", "ws://", 1)
    async with connect(
        ws_url,
        subprotocols=[Subprotocol(PROTOCOL)],
        additional_headers=dict(headers or {}),
    ) as connection:
        await connection.send(
            json.dumps({"type": "connection_init", "payload": init_payload or {}})
        )
        try:
            message = json.loads(await asyncio.wait_for(connection.recv(), 10.0))
        except Exception as error:
            raise ConnectionRefused(connection.close_code, connection.close_reason) from error
        assert message["type"] == "connection_ack", message
        yield GraphQLWebSocket(connection)


class ConnectionRefused(Exception):
    def __init__(self, code: int | None, reason: str | None) -> None:
        super().__init__(f"connection closed: {code} {reason}")
        self.code = code
        self.reason = reason
