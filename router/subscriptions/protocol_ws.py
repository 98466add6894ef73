"""graphql-ws (the ``graphql-transport-ws`` subprotocol) on the GraphQL path: the client's
side of subscriptions (and of queries and mutations, answered once) over a WebSocket.

The token comes in ``connection_init``'s payload (``{"Authorization": "Bearer …"}`` or
``{"headers": {"authorization": …}}``) or the upgrade request's header; an invalid one closes
the connection with 4403. The server pings every ``ROUTER_SUBSCRIPTION_KEEPALIVE`` seconds.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from contextlib import suppress
from typing import Any

import orjson

from plumbing.request_id import accept_request_id
from plumbing.tokens import InvalidToken
from router.authentication.authenticator import Authenticator
from router.authentication.jwks import KeysUnavailable
from router.http.asgi import Receive, Scope, Send, header_map
from router.http.core import ContextFactory, GraphQLEngine
from router.http.explain import wants_explain
from router.interfaces import Identity
from router.subscriptions.operation_ws import Operation, OperationSetup
from router.subscriptions.upstream import PROTOCOL

logger = logging.getLogger("router.subscriptions")

type Close = tuple[int, str]

_UNAUTHORIZED: Close = (4401, "Unauthorized")
_TOO_MANY_INITS: Close = (4429, "Too many initialisation requests")
_INIT_TIMEOUT: Close = (4408, "Connection initialisation timeout")


class ProtocolError(Exception):
    """Close the connection with this code and reason."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def authorization_of(payload: Any, headers: Mapping[str, str]) -> str | None:
    """The ``Authorization`` value of ``connection_init``, else of the upgrade request."""
    if isinstance(payload, dict):
        for source in (payload, payload.get("headers")):
            if isinstance(source, dict):
                for name, value in source.items():
                    if isinstance(name, str) and name.lower() == "authorization":
                        return str(value)
    return headers.get("authorization")


class GraphQLWebSocket:
    """Serves graphql-transport-ws connections once ``start`` gave it the engine."""

    def __init__(
        self,
        setup: OperationSetup,
        authenticator: Authenticator | None,
        address_of: Callable[[Scope, Mapping[str, str]], str | None],
    ) -> None:
        self.setup = setup
        self.authenticator = authenticator
        self.address_of = address_of
        self.engine: GraphQLEngine | None = None
        self.new_context: ContextFactory | None = None

    def start(self, engine: GraphQLEngine, new_context: ContextFactory) -> None:
        self.engine = engine
        self.new_context = new_context

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (await receive())["type"] != "websocket.connect":
            return
        if PROTOCOL not in scope.get("subprotocols", ()):
            await send({"type": "websocket.close", "code": 4406})  # refused handshake: 403
            return
        if self.engine is None:
            await send({"type": "websocket.close", "code": 1013})  # starting: try again
            return
        await send({"type": "websocket.accept", "subprotocol": PROTOCOL})
        connection = _Connection(self, scope, receive, send)
        try:
            await connection.run()
        except ProtocolError as error:
            await _close(send, error.code, error.reason)
        finally:
            await connection.stop()


async def _close(send: Send, code: int, reason: str) -> None:
    with suppress(Exception):
        await send({"type": "websocket.close", "code": code, "reason": reason})


class _Connection:
    """One client connection: its identity, operations and keep-alive."""

    def __init__(self, server: GraphQLWebSocket, scope: Scope, receive: Receive, send: Send):
        self._server = server
        self._scope = scope
        self._receive = receive
        self._send_message = send
        self._headers = header_map(scope["headers"])
        self._operations: dict[str, Operation] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._identity: Identity | None = None
        self._acknowledged = False

    async def send(self, message: dict[str, Any]) -> None:
        await self._send_message({"type": "websocket.send", "text": orjson.dumps(message).decode()})

    async def run(self) -> None:
        setup = self._server.setup
        try:
            async with asyncio.timeout(setup.subscriptions.init_timeout):
                first = await self._next_message()
        except TimeoutError:
            raise ProtocolError(*_INIT_TIMEOUT) from None
        if first is None:
            return
        if first.get("type") != "connection_init":
            raise ProtocolError(*_UNAUTHORIZED)
        await self._initialise(first.get("payload"))
        keepalive = asyncio.ensure_future(self._keepalive(setup.subscriptions.keepalive))
        self._tasks.add(keepalive)
        while (message := await self._next_message()) is not None:
            await self._handle(message)

    async def _initialise(self, payload: Any) -> None:
        authenticator = self._server.authenticator
        if authenticator is not None:
            try:
                self._identity = await authenticator.identify(
                    authorization_of(payload, self._headers)
                )
            except InvalidToken as error:
                raise ProtocolError(4403, f"Forbidden: {error.message}"[:120]) from None
            except KeysUnavailable:
                raise ProtocolError(1013, "The token cannot be verified right now") from None
        self._acknowledged = True
        await self.send({"type": "connection_ack"})

    async def _next_message(self) -> dict[str, Any] | None:
        """The client's next message; ``None`` once it disconnected."""
        event = await self._receive()
        if event["type"] == "websocket.disconnect":
            return None
        text = event.get("text")
        if text is None and event.get("bytes") is not None:
            text = event["bytes"].decode("utf-8", "replace")
        try:
            message = orjson.loads(text or "")
        except orjson.JSONDecodeError:
            raise ProtocolError(4400, "Invalid message: not JSON") from None
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            raise ProtocolError(4400, "Invalid message: no type")
        return message

    async def _handle(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "ping":
            await self.send({"type": "pong"})
        elif kind == "pong":
            pass
        elif kind == "connection_init":
            raise ProtocolError(*_TOO_MANY_INITS)
        elif kind == "subscribe":
            await self._subscribe(message)
        elif kind == "complete":
            operation = self._operations.pop(str(message.get("id")), None)
            if operation is not None:
                operation.cancel()
        else:
            raise ProtocolError(4400, f"Invalid message type {kind!r}"[:120])

    async def _subscribe(self, message: dict[str, Any]) -> None:
        identifier = message.get("id")
        if not isinstance(identifier, str) or not identifier:
            raise ProtocolError(4400, "Invalid message: subscribe without an id")
        if identifier in self._operations:
            raise ProtocolError(4409, f"Subscriber for {identifier} already exists"[:120])
        server = self._server
        assert server.engine is not None and server.new_context is not None
        context = server.new_context(
            headers=self._headers,
            request_id=accept_request_id(self._headers.get("x-request-id")),
            explain=wants_explain(self._headers, server.setup.explain_header),
            identity=self._identity,
            client_address=server.address_of(self._scope, self._headers),
        )
        operation = Operation(identifier, self, server.setup, server.engine, context)
        self._operations[identifier] = operation
        operation.start(message.get("payload"), len(self._operations) - 1, self._finished)

    def _finished(self, identifier: str, operation: Operation) -> None:
        if self._operations.get(identifier) is operation:
            del self._operations[identifier]

    async def _keepalive(self, every: float) -> None:
        while True:
            await asyncio.sleep(every)
            await self.send({"type": "ping"})

    async def stop(self) -> None:
        """Cancel every operation (closing their upstream subscriptions) and the keep-alive."""
        operations = list(self._operations.values())
        self._operations.clear()
        for operation in operations:
            operation.cancel()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(
            *(operation.wait() for operation in operations), *self._tasks, return_exceptions=True
        )
