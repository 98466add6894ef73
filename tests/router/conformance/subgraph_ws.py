"""Subscriptions on the fixture subgraph server: graphql-transport-ws on every subgraph path.

A ``Subscription`` field's events are the items of its list in the data file
(``"Subscription": {"field": [event, ...]}``), taken in turn: one every ``every`` seconds
(argument, default 0), ``count`` in all (argument, default the list's length; a negative
one is refused with an error). Each event
also carries ``$emittedAt`` (epoch seconds when it was written) and ``$seq`` for resolvers.

``GET /_subscriptions`` reports what the server saw: live and closed upstream
subscriptions and the headers of the last upgrade request and ``connection_init``.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graphql import ExecutionResult, GraphQLError, GraphQLResolveInfo, parse, subscribe, validate

if TYPE_CHECKING:
    from tests.router.conformance.subgraph_server import Subgraph

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
PROTOCOL = "graphql-transport-ws"


@dataclass
class SubscriptionLog:
    """What the server's subscriptions went through (read by tests)."""

    live: int = 0
    opened: int = 0
    closed: int = 0
    upgrade_headers: dict[str, str] = field(default_factory=dict)
    init_headers: dict[str, Any] = field(default_factory=dict)

    def report(self) -> dict[str, Any]:
        return {
            "live": self.live,
            "opened": self.opened,
            "closed": self.closed,
            "upgradeHeaders": self.upgrade_headers,
            "initHeaders": self.init_headers,
        }


def _events(subgraph: Subgraph) -> Callable[..., AsyncIterator[dict[str, Any]]]:
    def resolve(_source: Any, info: GraphQLResolveInfo[Any], **args: Any) -> Any:
        events = subgraph.data.get("Subscription", {}).get(info.field_name, [])
        every = float(args.get("every", 0))
        count = int(args.get("count", len(events)))
        if count < 0:  # a subgraph refusing the subscription (an `error` message)
            raise GraphQLError(f"{subgraph.name}: count must not be negative")
        return _emit(info.field_name, events, every, count)

    return resolve


async def _emit(
    name: str, events: list[dict[str, Any]], every: float, count: int
) -> AsyncIterator[dict[str, Any]]:
    for seq in range(count):
        if seq:
            await asyncio.sleep(every)
        yield {name: {**events[seq % len(events)], "$emittedAt": time.time(), "$seq": seq}}


async def _results(subgraph: Subgraph, payload: Any) -> AsyncIterator[ExecutionResult]:
    body = payload if isinstance(payload, dict) else {}
    try:
        document = parse(body.get("query", ""))
    except GraphQLError as error:
        yield ExecutionResult(None, [error])
        return
    errors = validate(subgraph.schema, document)
    if errors:
        yield ExecutionResult(None, errors)
        return
    outcome = subscribe(
        subgraph.schema,
        document,
        variable_values=body.get("variables"),
        operation_name=body.get("operationName"),
        field_resolver=subgraph.field_resolver,
        subscribe_field_resolver=_events(subgraph),
    )
    if asyncio.iscoroutine(outcome) or isinstance(outcome, Awaitable):
        outcome = await outcome
    if isinstance(outcome, ExecutionResult):
        yield outcome
        return
    async for result in outcome:
        yield result


async def serve_websocket(
    subgraph: Subgraph, log: SubscriptionLog, scope: dict[str, Any], receive: Receive, send: Send
) -> None:
    """One graphql-transport-ws connection (several subscriptions)."""
    if (await receive())["type"] != "websocket.connect":
        return
    await send({"type": "websocket.accept", "subprotocol": PROTOCOL})
    log.upgrade_headers = {k.decode(): v.decode() for k, v in scope["headers"]}
    tasks: dict[str, asyncio.Task[None]] = {}

    async def emit(message: dict[str, Any]) -> None:
        await send({"type": "websocket.send", "text": json.dumps(message)})

    async def run(identifier: str, payload: Any) -> None:
        log.live += 1
        log.opened += 1
        try:
            async for result in _results(subgraph, payload):
                if result.data is None and result.errors:
                    await emit(
                        {"id": identifier, "type": "error", "payload": result.formatted["errors"]}
                    )
                    return
                await emit({"id": identifier, "type": "next", "payload": result.formatted})
            await emit({"id": identifier, "type": "complete"})
        except GraphQLError as error:  # raised while the events flowed
            await emit({"id": identifier, "type": "error", "payload": [error.formatted]})
        finally:
            log.live -= 1
            log.closed += 1

    try:
        while True:
            event = await receive()
            if event["type"] == "websocket.disconnect":
                return
            message = json.loads(event.get("text") or "{}")
            kind = message.get("type")
            if kind == "connection_init":
                payload = message.get("payload") or {}
                log.init_headers = payload.get("headers", {})
                await emit({"type": "connection_ack"})
            elif kind == "ping":
                await emit({"type": "pong"})
            elif kind == "subscribe":
                identifier = message["id"]
                tasks[identifier] = asyncio.ensure_future(run(identifier, message.get("payload")))
            elif kind == "complete":
                task = tasks.pop(message.get("id"), None)
                if task is not None:
                    task.cancel()
    finally:
        for task in tasks.values():
            task.cancel()
        for task in tasks.values():
            with suppress(BaseException):
                await task
