"""Reading a change feed in sequence order, once per process, for all its streams
(the design is in :mod:`subgraphs.common.changes`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import PyMongoError

from subgraphs.common.change_records import Change, ChangeOptions, ChangeState, change_of
from subgraphs.common.change_wakeups import Wakeups, start_wakeups
from subgraphs.common.errors import CursorExpired
from subgraphs.common.mongo import Document

logger = logging.getLogger("subgraph.changes")

READ_BATCH: Final = 500
RECENT_KEPT: Final = 2000  # changes a tail keeps in memory for streams that are close behind
PRUNE_EVERY_SECONDS: Final = 300.0


@dataclass
class _Stall:
    """The first unsettled sequence the tail waits at, and since when (monotonic)."""

    sequence: int
    since: float


class ChangeTail:
    """Reads the feed in sequence order for every stream of this process.

    ``settled`` is the highest sequence up to which every change is decided (delivered or
    skipped); ``recent`` keeps the last delivered changes for streams that are close behind,
    older ranges are read again from the database.
    """

    def __init__(
        self,
        changes: AsyncCollection[Document],
        options: ChangeOptions,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._changes = changes
        self._options = options
        self._clock = clock
        self.settled: int | None = None
        self._recent: deque[Change] = deque()
        self._recent_floor = 0  # every delivered change above it is in ``recent``
        self._stall: _Stall | None = None
        self._advanced = asyncio.Condition()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._wakeups: Wakeups | None = None
        self._streams = 0  # polling only while a stream follows the feed
        self._reads = 0  # read rounds done, so that a new stream can wait for a fresh one
        self._starting = asyncio.Lock()
        self._last_prune = 0.0

    def wake(self) -> None:
        """A local write: read now rather than at the next poll."""
        self._wake.set()

    async def stream(self, after: int | datetime | None) -> AsyncIterator[Change]:
        """The changes after the cursor ``after``, or recorded from the instant ``after``
        on, or (None) from now on."""
        await self._start()
        self._streams += 1
        try:
            await self._fresh_read()  # "from now on" is now, even after an idle spell
            while self.settled is None:  # the database has not answered yet
                await self._fresh_read()
            if isinstance(after, datetime):
                last = await self._before(after)
            elif after is None:
                last = self.settled
            else:
                last = after
                await self._check_not_expired(after)
            while True:
                changes, covered = await self._after(last)
                for change in changes:
                    last = change.sequence
                    yield change
                last = covered
                await self._settled_after(last)
        finally:
            self._streams -= 1

    async def _settled_after(self, sequence: int) -> None:
        async with self._advanced:
            await self._advanced.wait_for(lambda: (self.settled or 0) > sequence)

    async def close(self) -> None:
        if self._wakeups is not None:
            await self._wakeups.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    # -- reading ---------------------------------------------------------------------------------

    async def _start(self) -> None:
        async with self._starting:
            if self._task is None:
                self._wakeups = await start_wakeups(self._changes, self._options.mode, self.wake)
                self._task = asyncio.create_task(self._run(), name="change-tail")

    async def _fresh_read(self) -> None:
        """Wait for a read round that started after this call."""
        async with self._advanced:
            target = self._reads + 2  # the round under way may have started before
            self._wake.set()
            await self._advanced.wait_for(lambda: self._reads >= target)

    async def _run(self) -> None:
        delay = self._options.poll_interval
        if self._wakeups is not None and self._wakeups.watching:
            delay = max(delay, 1.0)  # change streams wake us; polling only settles stalls
        while True:
            self._wake.clear()
            try:
                if self.settled is None:
                    self.settled = await self._head()
                    self._recent_floor = self.settled
                await self._read()
                await self._prune()
            except PyMongoError as error:
                logger.warning("change feed not readable (%s); retrying", error)
            self._reads += 1
            await self._notify()
            # Idle (no stream): sleep until a local write or a new stream wakes the tail.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay if self._streams else None)

    async def _head(self) -> int:
        last = await self._changes.find_one({}, {"_id": 1}, sort=[("_id", -1)])
        return 0 if last is None else int(last["_id"])

    async def _read(self) -> None:
        """Settle as many sequences after ``settled`` as can be, in order."""
        assert self.settled is not None
        while True:
            documents = (
                await self._changes.find({"_id": {"$gt": self.settled}})
                .sort("_id", ASCENDING)
                .limit(READ_BATCH)
                .to_list()
            )
            before = self.settled
            for document in documents:
                if not self._settle(document):
                    break
            if self.settled != before:
                await self._notify()
            if len(documents) < READ_BATCH or self.settled == before:
                return

    def _settle(self, document: Document) -> bool:
        """Decide the next sequence(s) up to ``document``; False: wait (not settled yet)."""
        assert self.settled is not None
        sequence = int(document["_id"])
        if sequence != self.settled + 1:
            if not self._waited_enough(self.settled + 1):
                return False  # a writer between allocating and inserting: wait for it
            self.settled = sequence - 1  # it died: its sequence never gets a change
        state = document.get("state")
        if state == ChangeState.PENDING.value and not self._waited_enough(sequence):
            return False
        self._stall = None
        self.settled = sequence
        if state != ChangeState.ABORTED.value:
            if len(self._recent) == RECENT_KEPT:
                self._recent_floor = self._recent.popleft().sequence
            self._recent.append(change_of(document))
        return True

    def _waited_enough(self, sequence: int) -> bool:
        now = self._clock()
        if self._stall is None or self._stall.sequence != sequence:
            self._stall = _Stall(sequence, now)
        return now - self._stall.since >= self._options.grace

    async def _notify(self) -> None:
        async with self._advanced:
            self._advanced.notify_all()

    async def _after(self, last: int) -> tuple[list[Change], int]:
        """The delivered changes in ``(last, settled]`` (from memory, or the database) and
        the sequence up to which they cover it."""
        settled = self.settled or 0
        if last >= settled:
            return [], last
        if last >= self._recent_floor:
            return [c for c in self._recent if last < c.sequence <= settled], settled
        documents = (
            await self._changes.find(
                {"_id": {"$gt": last, "$lte": settled}, "state": {"$ne": ChangeState.ABORTED}}
            )
            .sort("_id", ASCENDING)
            .limit(READ_BATCH)
            .to_list()
        )
        if len(documents) < READ_BATCH:
            return [change_of(document) for document in documents], settled
        return [change_of(document) for document in documents], int(documents[-1]["_id"])

    async def _before(self, instant: datetime) -> int:
        """The sequence before the first change recorded at or after ``instant`` (or the
        settled one: none since)."""
        first = await self._changes.find_one(
            {"at": {"$gte": instant}, "_id": {"$lte": self.settled or 0}},
            {"_id": 1},
            sort=[("_id", ASCENDING)],
        )
        return (self.settled or 0) if first is None else int(first["_id"]) - 1

    async def _check_not_expired(self, after: int) -> None:
        """CURSOR_EXPIRED if changes after ``after`` may have been pruned already."""
        if after > (self.settled or 0):
            return
        first = await self._changes.find_one({}, {"_id": 1}, sort=[("_id", 1)])
        oldest = None if first is None else int(first["_id"])
        if (oldest is None and after < (self.settled or 0)) or (
            oldest is not None and oldest > after + 1
        ):
            raise CursorExpired()

    async def _prune(self) -> None:
        now = self._clock()
        if now - self._last_prune < PRUNE_EVERY_SECONDS:
            return
        self._last_prune = now
        horizon = datetime.now(UTC) - self._options.retention
        # The newest change stays, so that the head (and the cursor check) survive.
        await self._changes.delete_many({"at": {"$lt": horizon}, "_id": {"$lt": self.settled or 0}})
