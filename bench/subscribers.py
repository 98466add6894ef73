"""The subscription benchmark's clients: GraphQL over SSE and graphql-ws subscribers on one
aiohttp session, each recording the delay from an event's ``emittedAt`` to its arrival."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import aiohttp
import orjson

QUERY = "subscription { ticks { seq emittedAt body } }"
PROTOCOL = "graphql-transport-ws"


@dataclass
class Deliveries:
    """Events received per protocol; delays (ms) only while ``recording``."""

    recording: bool = False
    received: dict[str, int] = field(default_factory=lambda: {"sse": 0, "ws": 0})
    delays: dict[str, list[float]] = field(default_factory=lambda: {"sse": [], "ws": []})
    started: set[int] = field(default_factory=set)  # subscribers that got an event
    failures: list[str] = field(default_factory=list)

    def event(self, protocol: str, subscriber: int, payload: object) -> None:
        now = time.time() * 1000.0
        emitted = payload["data"]["ticks"]["emittedAt"]  # type: ignore[index]
        self.started.add(subscriber)
        if self.recording:
            self.received[protocol] += 1
            self.delays[protocol].append(now - float(emitted))


async def sse_subscriber(
    session: aiohttp.ClientSession, url: str, subscriber: int, deliveries: Deliveries
) -> None:
    headers = {"accept": "text/event-stream", "content-type": "application/json"}
    try:
        async with session.post(url, data=orjson.dumps({"query": QUERY}), headers=headers) as r:
            event = ""
            async for line in r.content:
                if line.startswith(b"event:"):
                    event = line[6:].strip().decode()
                elif line.startswith(b"data:") and event == "next":
                    deliveries.event("sse", subscriber, orjson.loads(line[5:]))
    except (aiohttp.ClientError, OSError) as error:
        deliveries.failures.append(f"sse {subscriber}: {error!r}")


async def ws_subscriber(
    session: aiohttp.ClientSession, url: str, subscriber: int, deliveries: Deliveries
) -> None:
    ws_url = url.replace("http://", "ws://", 1)
    try:
        async with session.ws_connect(ws_url, protocols=(PROTOCOL,), autoping=True) as ws:
            await ws.send_str('{"type":"connection_init","payload":{}}')
            subscribe = {"id": "1", "type": "subscribe", "payload": {"query": QUERY}}
            async for frame in ws:
                if frame.type is not aiohttp.WSMsgType.TEXT:
                    continue
                message = orjson.loads(frame.data)
                kind = message.get("type")
                if kind == "connection_ack":
                    await ws.send_bytes(orjson.dumps(subscribe))
                elif kind == "ping":
                    await ws.send_str('{"type":"pong"}')
                elif kind == "next":
                    deliveries.event("ws", subscriber, message["payload"])
    except (aiohttp.ClientError, OSError) as error:
        deliveries.failures.append(f"ws {subscriber}: {error!r}")


async def connect_all(
    session: aiohttp.ClientSession, url: str, count: int, deliveries: Deliveries
) -> list[asyncio.Task[None]]:
    """``count`` SSE and ``count`` graphql-ws subscribers, opened 100 at a time."""
    tasks: list[asyncio.Task[None]] = []
    for index in range(count):
        tasks.append(asyncio.ensure_future(sse_subscriber(session, url, index, deliveries)))
        tasks.append(asyncio.ensure_future(ws_subscriber(session, url, count + index, deliveries)))
        if index % 50 == 49:
            await asyncio.sleep(0.1)
    return tasks
