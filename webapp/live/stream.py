"""The page's event stream: every requested topic followed at the router, merged into one
``text/event-stream`` of small ``change`` events.

Each topic starts from the page's render time and reconnects by itself after a failure
(backoff from 0.5 s to 10 s), resuming after the last cursor it saw and renewing the token
when the router ended the subscription because the token expired. Without any cursor, or
with an expired one (``CURSOR_EXPIRED``), it restarts from now and tells the page to
refresh that topic. The browser's own reconnection resumes from the SSE ``id`` (every
topic's cursor).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Final

import httpx

from webapp.core.router_client import RouterError, SessionExpired, TokenRefused
from webapp.live.router_stream import StreamEnded, SubscriptionRequest, subscription_events
from webapp.live.topics import Topic, encode_cursors

logger = logging.getLogger("webapp.live")

RETRY_MS: Final = 2000  # the browser's reconnection delay after a drop
KEEPALIVE_SECONDS: Final = 15.0
FIRST_BACKOFF: Final = 0.5
MAX_BACKOFF: Final = 10.0
RENEW_CODES: Final = frozenset({"UNAUTHENTICATED", "TOKEN_EXPIRED"})

type TokenSource = Callable[[str | None], Awaitable[str]]  # the refused token, or None


@dataclass(frozen=True)
class Forwarded:
    topic: str
    cursor: str | None
    kind: str


@dataclass(frozen=True)
class RouterTarget:
    url: str
    send_document_ids: bool
    headers: dict[str, str]  # x-forwarded-for, x-request-id


class LiveStream:
    """Follows ``topics`` for one page; iterate :meth:`events` for the SSE body."""

    def __init__(
        self,
        target: RouterTarget,
        topics: Sequence[Topic],
        cursors: dict[str, str | None],
        token: TokenSource,
        event_id: str | None,
        since: str | None = None,
    ) -> None:
        """``since``: the page's render time as a cursor (``t<epoch ms>``): a topic with no
        cursor yet starts there, so that nothing between the render and the stream is
        missed."""
        self._target = target
        self._topics = topics
        self._cursors = cursors
        self._token = token
        self._event_id = event_id
        self._since = since
        self._queue: asyncio.Queue[Forwarded] = asyncio.Queue()
        self._connected: set[str] = set()

    async def events(self) -> AsyncIterator[bytes]:
        timeout = httpx.Timeout(10.0, read=None)
        async with httpx.AsyncClient(timeout=timeout) as http:
            tasks = [asyncio.create_task(self._follow(http, topic)) for topic in self._topics]
            try:
                yield f"retry: {RETRY_MS}\n: connected\n\n".encode()
                while True:
                    try:
                        item = await asyncio.wait_for(self._queue.get(), KEEPALIVE_SECONDS)
                    except TimeoutError:
                        yield b": keepalive\n\n"
                        continue
                    yield self._frame(item)
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)

    def _frame(self, item: Forwarded) -> bytes:
        if item.kind == "READY":
            data = json.dumps({"topics": sorted(self._connected)})
            return f"event: ready\ndata: {data}\n\n".encode()
        self._cursors[item.topic] = item.cursor
        data = json.dumps({"topic": item.topic, "kind": item.kind})
        return f"id: {encode_cursors(self._cursors)}\nevent: change\ndata: {data}\n\n".encode()

    async def _follow(self, http: httpx.AsyncClient, topic: Topic) -> None:
        backoff = FIRST_BACKOFF
        refused: str | None = None
        interrupted = False
        while True:
            try:
                token = await self._token(refused)
                refused = None
                request = SubscriptionRequest(
                    topic.document,
                    topic.variables(self._cursors.get(topic.name) or self._since, self._event_id),
                    {**self._target.headers, "authorization": f"Bearer {token}"},
                )
                events = subscription_events(
                    http,
                    self._target.url,
                    request,
                    send_document_ids=self._target.send_document_ids,
                    on_open=partial(self._opened, topic, interrupted),
                )
                async for data in events:
                    change = data.get(topic.field) or {}
                    cursor = change.get("cursor")
                    self._cursors[topic.name] = cursor if isinstance(cursor, str) else None
                    await self._queue.put(
                        Forwarded(topic.name, self._cursors[topic.name], str(change.get("kind")))
                    )
                    backoff = FIRST_BACKOFF
            except SessionExpired:
                logger.info("live stream: the session ended; %s stops", topic.name)
                return
            except TokenRefused:
                refused = token
            except StreamEnded as ended:
                if ended.code in RENEW_CODES:
                    refused = token
                elif ended.code == "CURSOR_EXPIRED":
                    self._cursors[topic.name] = None
                    await self._queue.put(Forwarded(topic.name, None, "RESYNC"))
                else:
                    logger.warning("live stream %s ended: %s %s", topic.name, ended.code, ended)
            except RouterError as error:
                logger.info("live stream %s interrupted (%s)", topic.name, error)
            self._connected.discard(topic.name)
            interrupted = True
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)

    async def _opened(self, topic: Topic, interrupted: bool) -> None:
        """The router follows ``topic`` (again); without a cursor to resume from, what
        happened while it was interrupted is unknown: the page refreshes the topic."""
        if interrupted and self._cursors.get(topic.name) is None and self._since is None:
            await self._queue.put(Forwarded(topic.name, None, "RESYNC"))
        self._connected.add(topic.name)
        if self._connected == {t.name for t in self._topics}:
            await self._queue.put(Forwarded(topic.name, None, "READY"))
