"""The change feed on mongoeco: two feeds on separate clients play two subgraph instances."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from subgraphs.common.change_wakeups import (
    ChangeStreamsUnavailable,
    ResumePoint,
    has_change_streams,
    start_wakeups,
)
from subgraphs.common.changes import Change, ChangeFeed, ChangeOptions
from subgraphs.common.errors import BadUserInput, CursorExpired

type Client = AsyncMongoClient[dict[str, Any]]
FAST = ChangeOptions(mode="auto", poll_interval=0.05, grace=0.5)
_open_readers: list[Reader] = []


@pytest.fixture(autouse=True)
async def close_readers() -> AsyncIterator[None]:
    yield
    while _open_readers:
        await _open_readers.pop().close()


@pytest.fixture
async def database(mongo_uri: str) -> AsyncIterator[str]:
    yield f"feed{uuid.uuid4().hex[:10]}"


@pytest.fixture
async def clients(mongo_uri: str) -> AsyncIterator[tuple[Client, Client]]:
    first: Client = AsyncMongoClient(mongo_uri, tz_aware=True)
    second: Client = AsyncMongoClient(mongo_uri, tz_aware=True)
    yield first, second
    await first.close()
    await second.close()


@pytest.fixture
async def feeds(
    clients: tuple[Client, Client], database: str
) -> AsyncIterator[tuple[ChangeFeed, ChangeFeed]]:
    one, two = ChangeFeed(clients[0][database], FAST), ChangeFeed(clients[1][database], FAST)
    yield one, two
    await one.close()
    await two.close()


class Reader:
    """Consumes one stream in the background (as a subscription would)."""

    def __init__(self, feed: ChangeFeed, after: str | None = None) -> None:
        self._stream = feed.stream(after)
        self._received: asyncio.Queue[Change | BaseException] = asyncio.Queue()
        self._task = asyncio.create_task(self._consume())
        _open_readers.append(self)

    async def _consume(self) -> None:
        try:
            async for change in self._stream:
                await self._received.put(change)
        except Exception as error:
            await self._received.put(error)

    async def take(self, count: int, timeout: float = 5.0) -> list[Change]:
        taken: list[Change] = []
        for _ in range(count):
            item = await asyncio.wait_for(self._received.get(), timeout)
            if isinstance(item, BaseException):
                raise item
            taken.append(item)
        return taken

    async def nothing_more(self, wait: float = 0.6) -> None:
        await asyncio.sleep(wait)
        assert self._received.empty(), self._received.get_nowait()

    async def close(self) -> None:
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)


async def started(feed: ChangeFeed, after: str | None = None) -> Reader:
    """A reader that is following the feed (its starting point is fixed)."""
    reader = Reader(feed, after)
    await asyncio.sleep(0.2)  # the tail has read the head
    return reader


async def test_both_instances_see_writes_made_through_either(
    feeds: tuple[ChangeFeed, ChangeFeed],
) -> None:
    one, two = feeds
    on_one, on_two = await started(one), await started(two)
    await one.record("SENT", {"invitation": "a"}, {"u1"})
    await two.record("SENT", {"invitation": "b"}, {"u2"})
    await one.record("ANSWERED", {"invitation": "a"}, {"u1", "u3"})
    for stream in (on_one, on_two):
        changes = await stream.take(3)
        assert [(c.kind, c.ids["invitation"]) for c in changes] == [
            ("SENT", "a"),
            ("SENT", "b"),
            ("ANSWERED", "a"),
        ]
        assert [c.sequence for c in changes] == sorted(c.sequence for c in changes)
        assert changes[2].audience == frozenset({"u1", "u3"})
        await stream.nothing_more()


async def test_resuming_delivers_nothing_twice_and_nothing_lost(
    feeds: tuple[ChangeFeed, ChangeFeed],
) -> None:
    one, two = feeds
    first = await started(one)
    for name in "abc":
        await one.record("CHANGED", {"event": name}, None)
    seen = await first.take(2)
    await first.close()  # the connection drops after two
    for name in "de":
        await two.record("CHANGED", {"event": name}, None)
    resumed = Reader(two, seen[-1].cursor)  # reconnects to the other instance
    rest = await resumed.take(3)
    assert [c.ids["event"] for c in seen + rest] == list("abcde")
    await resumed.nothing_more()


async def test_a_change_is_delivered_only_after_its_write_and_in_order(
    feeds: tuple[ChangeFeed, ChangeFeed],
) -> None:
    one, two = feeds
    stream = await started(two)
    async with one.recording("CHANGED", {"event": "slow"}, None):
        await one.record("CHANGED", {"event": "fast"}, None)  # a later sequence, done first
        await stream.nothing_more(0.3)  # the slow write is not done: neither is delivered
    changes = await stream.take(2)
    assert [c.ids["event"] for c in changes] == ["slow", "fast"]


async def test_a_failed_or_empty_write_is_not_delivered(
    feeds: tuple[ChangeFeed, ChangeFeed],
) -> None:
    one, _ = feeds
    stream = await started(one)
    with pytest.raises(RuntimeError):
        async with one.recording("CHANGED", {"event": "failed"}, None):
            raise RuntimeError("the write failed")
    async with one.recording("CHANGED", {"event": "noop"}, None) as recording:
        recording.discard()
    async with one.recording("DELETED", {"event": "x"}, None) as recording:
        recording.audience = {"owner", "guest"}  # what the write revealed
    [change] = await stream.take(1)
    assert (change.kind, change.audience) == ("DELETED", frozenset({"owner", "guest"}))
    assert change.concerns("guest") and not change.concerns("stranger")


async def test_a_writer_that_died_holds_the_feed_only_for_the_grace_period(
    feeds: tuple[ChangeFeed, ChangeFeed], clients: tuple[Client, Client], database: str
) -> None:
    one, two = feeds
    stream = await started(two)
    counters = clients[0][database]["counters"]
    await counters.update_one({"_id": "changes"}, {"$inc": {"value": 1}}, upsert=True)
    await counters.update_one({"_id": "changes"}, {"$inc": {"value": 1}}, upsert=True)
    sequence = (await counters.find_one({"_id": "changes"}) or {})["value"]
    # The first writer died after allocating its sequence; the second after storing its
    # change pending, before its write was done.
    orphan = {"kind": "CHANGED", "ids": {"event": "orphan"}, "audience": None, "payload": {}}
    await clients[0][database]["changes"].insert_one(
        {**orphan, "_id": sequence, "at": datetime.now(UTC), "state": "pending"}
    )
    await one.record("CHANGED", {"event": "after"}, None)
    changes = await stream.take(2, timeout=5.0)
    assert [c.ids["event"] for c in changes] == ["orphan", "after"]  # pending: delivered late


async def test_an_expired_cursor_is_refused(
    feeds: tuple[ChangeFeed, ChangeFeed], clients: tuple[Client, Client], database: str
) -> None:
    one, _ = feeds
    for name in "abc":
        await one.record("CHANGED", {"event": name}, None)
    await clients[0][database]["changes"].delete_many({"_id": {"$lte": 2}})  # expired
    with pytest.raises(CursorExpired):
        await Reader(one, "0").take(1)
    resumed = Reader(one, "2")
    assert [c.ids["event"] for c in await resumed.take(1)] == ["c"]
    with pytest.raises(BadUserInput):
        Reader(one, "not-a-cursor")


async def test_mode_selection_without_change_streams(
    clients: tuple[Client, Client], database: str
) -> None:
    changes = clients[0][database]["changes"]
    assert not await has_change_streams(changes)  # mongoeco, like a standalone server
    assert not (await start_wakeups(changes, "auto", lambda: None)).watching
    assert not (await start_wakeups(changes, "poll", lambda: None)).watching
    with pytest.raises(ChangeStreamsUnavailable):
        await start_wakeups(changes, "watch", lambda: None)
    with pytest.raises(ValueError, match="mode"):
        await start_wakeups(changes, "sometimes", lambda: None)


def test_a_change_stream_resumes_after_the_last_event_it_saw() -> None:
    resume = ResumePoint()
    assert resume.watch_options() == {}
    resume.advance({"_data": "8263A1"})
    resume.advance(None)  # an event without a token (none yet) keeps the last one
    assert resume.watch_options() == {"resume_after": {"_data": "8263A1"}}
    resume.advance({"_data": "8263A2"})
    assert resume.watch_options() == {"resume_after": {"_data": "8263A2"}}


async def test_a_new_stream_starts_from_now_even_after_an_idle_tail(
    feeds: tuple[ChangeFeed, ChangeFeed],
) -> None:
    one, two = feeds
    first = await started(one)
    await first.close()  # nobody follows ``one`` now: its tail stops polling
    await two.record("CHANGED", {"event": "before"}, None)  # another instance's write
    await asyncio.sleep(0.3)
    later = await started(one)
    await two.record("CHANGED", {"event": "after"}, None)
    assert [c.ids["event"] for c in await later.take(1)] == ["after"]
    await later.nothing_more(0.3)


async def test_a_stream_can_start_from_an_instant(feeds: tuple[ChangeFeed, ChangeFeed]) -> None:
    one, two = feeds
    await one.record("CHANGED", {"event": "long ago"}, None)
    await asyncio.sleep(0.05)
    rendered = int(datetime.now(UTC).timestamp() * 1000)  # a page was rendered
    await asyncio.sleep(0.05)
    await one.record("CHANGED", {"event": "meanwhile"}, None)  # before its stream opened
    reader = await started(two, f"t{rendered}")
    await one.record("CHANGED", {"event": "later"}, None)
    assert [c.ids["event"] for c in await reader.take(2)] == ["meanwhile", "later"]
    await reader.nothing_more(0.3)
    with pytest.raises(BadUserInput):
        Reader(one, "t12x")
