"""A change feed in the subgraph's own database that every instance of the subgraph sees.

Writes append a *change document* to the ``changes`` collection; subscriptions tail it.

- Every change has a ``sequence`` (its ``_id``) from a counter document (``$inc``), so the
  feed is totally ordered and a stream resumes after the last sequence it delivered.
- A write is recorded in two steps around the data write (:meth:`ChangeFeed.recording`):
  the change is inserted ``pending`` *before* the write and marked ``committed`` (or
  ``aborted``) after it. A reader never delivers a change before its write is done, and a
  change is never lost when the writer dies after writing: a ``pending`` change older than
  ``grace`` is delivered anyway (a notification of a write that may not have happened is
  harmless: subscribers re-read the current state). A sequence allocated by a writer that
  died before inserting its change is skipped after ``grace``.
- Readers deliver in sequence order and stop at the first sequence that is not settled
  yet (missing, or pending and younger than ``grace``): nothing is delivered twice to one
  stream, nothing out of order.
- One :class:`ChangeTail` per process reads the collection and wakes the streams: after a
  local write at once, otherwise every ``poll_interval`` — or, where the database offers
  change streams (a MongoDB replica set), on every change-stream event (``watch()``,
  resumed with its resume token after an error), with polling as the fallback
  (:mod:`subgraphs.common.change_wakeups`).
- Changes expire after ``retention`` (a TTL index, and a prune by the tail for databases
  without TTL monitors); resuming from an expired sequence raises :class:`CursorExpired`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Final

from pymongo import ASCENDING, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from subgraphs.common.change_wakeups import Wakeups, start_wakeups
from subgraphs.common.errors import BadUserInput, CursorExpired
from subgraphs.common.mongo import Document

__all__ = ["Change", "ChangeFeed", "ChangeOptions", "Recording"]

logger = logging.getLogger("subgraph.changes")

CHANGES: Final = "changes"
COUNTERS: Final = "counters"
COUNTER_ID: Final = "changes"
READ_BATCH: Final = 500
RECENT_KEPT: Final = 2000  # changes a tail keeps in memory for streams that are close behind
PRUNE_EVERY_SECONDS: Final = 300.0


class ChangeState(StrEnum):
    PENDING = "pending"
    COMMITTED = "committed"
    ABORTED = "aborted"


@dataclass(frozen=True)
class ChangeOptions:
    """How a feed is read; ``mode``: ``auto`` (change streams if the database has them),
    ``poll`` or ``watch``."""

    mode: str = "auto"
    poll_interval: float = 0.25
    grace: float = 5.0
    retention: timedelta = timedelta(hours=24)


@dataclass(frozen=True)
class Change:
    """One recorded change: ``audience`` are the user ids it concerns (None: anyone the
    subgraph's own filter admits), ``ids`` the entities it names."""

    sequence: int
    kind: str
    ids: Mapping[str, str]
    audience: frozenset[str] | None
    payload: Mapping[str, Any]
    at: datetime

    @property
    def cursor(self) -> str:
        """The resume token of a stream that delivered this change."""
        return str(self.sequence)

    def concerns(self, user_id: str) -> bool:
        return self.audience is None or user_id in self.audience


def _change(document: Document) -> Change:
    audience = document.get("audience")
    return Change(
        sequence=document["_id"],
        kind=document["kind"],
        ids=document.get("ids") or {},
        audience=None if audience is None else frozenset(audience),
        payload=document.get("payload") or {},
        at=document["at"],
    )


@dataclass
class Recording:
    """A change being recorded around its write; fill in what the write revealed."""

    kind: str
    ids: dict[str, str]
    audience: set[str] | None
    payload: dict[str, Any] = field(default_factory=dict)
    discarded: bool = False

    def discard(self) -> None:
        """The write changed nothing: the change is aborted, never delivered."""
        self.discarded = True


def parse_cursor(after: str | None) -> int | None:
    """A stream's resume token (``None``: from now on); BAD_USER_INPUT if malformed."""
    if after is None:
        return None
    if not after.isdigit() or len(after) > 18:
        raise BadUserInput("after", "after must be a cursor returned by this subscription.")
    return int(after)


class ChangeFeed:
    """Records changes and streams them; one per subgraph process."""

    def __init__(self, db: AsyncDatabase[Document], options: ChangeOptions | None = None) -> None:
        self.options = options or ChangeOptions()
        self._changes: AsyncCollection[Document] = db[CHANGES]
        self._counters: AsyncCollection[Document] = db[COUNTERS]
        self._tail = ChangeTail(self._changes, self.options)

    async def ensure_indexes(self) -> None:
        """The TTL index that expires old changes."""
        await self._changes.create_index(
            [("at", ASCENDING)],
            name="at_ttl",
            expireAfterSeconds=int(self.options.retention.total_seconds()),
        )

    @contextlib.asynccontextmanager
    async def recording(
        self,
        kind: str,
        ids: Mapping[str, str],
        audience: Collection[str] | None,
        payload: Mapping[str, Any] | None = None,
    ) -> AsyncIterator[Recording]:
        """Record a change around the write done inside the block (see the module doc).

        The change is stored ``pending`` first (a database error there fails the operation
        before anything is written); after the block it is ``committed`` with what the block
        filled in, or ``aborted`` if the block raised or discarded it.
        """
        recording = Recording(
            kind, dict(ids), None if audience is None else set(audience), dict(payload or {})
        )
        sequence = await self._next_sequence()
        await self._changes.insert_one(
            {**_fields(recording), "_id": sequence, "state": ChangeState.PENDING.value}
        )
        try:
            yield recording
        except BaseException:
            await self._settle(sequence, {"state": ChangeState.ABORTED.value})
            raise
        if recording.discarded:
            await self._settle(sequence, {"state": ChangeState.ABORTED.value})
        else:
            await self._settle(
                sequence, {**_fields(recording), "state": ChangeState.COMMITTED.value}
            )
        self._tail.wake()

    async def record(
        self,
        kind: str,
        ids: Mapping[str, str],
        audience: Collection[str] | None,
        payload: Mapping[str, Any] | None = None,
    ) -> None:
        """Record a change whose write already happened (an idempotent clean-up)."""
        async with self.recording(kind, ids, audience, payload):
            pass

    def stream(self, after: str | None) -> AsyncIterator[Change]:
        """Every change after the cursor ``after`` (None: from now on), then new ones."""
        return self._tail.stream(parse_cursor(after))

    async def close(self) -> None:
        await self._tail.close()

    async def _next_sequence(self) -> int:
        counter = await self._counters.find_one_and_update(
            {"_id": COUNTER_ID},
            {"$inc": {"value": 1}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
        assert counter is not None
        return int(counter["value"])

    async def _settle(self, sequence: int, fields: Document) -> None:
        """Mark the change; if the database fails here the change stays pending and is
        delivered after the grace period (never lost, possibly spurious)."""
        try:
            await self._changes.update_one({"_id": sequence}, {"$set": fields})
        except PyMongoError as error:
            logger.warning("change %d left pending (%s)", sequence, error)


def _fields(recording: Recording) -> Document:
    return {
        "kind": recording.kind,
        "ids": recording.ids,
        "audience": None if recording.audience is None else sorted(recording.audience),
        "payload": recording.payload,
        "at": datetime.now(UTC),
    }


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

    async def stream(self, after: int | None) -> AsyncIterator[Change]:
        await self._start()
        self._streams += 1
        try:
            await self._fresh_read()  # "from now on" is now, even after an idle spell
            while self.settled is None:  # the database has not answered yet
                await self._fresh_read()
            last = self.settled if after is None else after
            if after is not None:
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
            self._recent.append(_change(document))
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
            return [_change(document) for document in documents], settled
        return [_change(document) for document in documents], int(documents[-1]["_id"])

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
