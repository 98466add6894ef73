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

import contextlib
import logging
from collections.abc import AsyncIterator, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from pymongo import ASCENDING, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from subgraphs.common.change_records import Change, ChangeOptions, ChangeState
from subgraphs.common.change_tail import ChangeTail
from subgraphs.common.errors import BadUserInput
from subgraphs.common.mongo import Document

__all__ = ["Change", "ChangeFeed", "ChangeOptions", "Recording"]

logger = logging.getLogger("subgraph.changes")

CHANGES: Final = "changes"
COUNTERS: Final = "counters"
COUNTER_ID: Final = "changes"


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


def parse_cursor(after: str | None) -> int | datetime | None:
    """A stream's resume token: a change's cursor, ``t<epoch milliseconds>`` (the changes
    recorded from that instant on: a page rendered then), or ``None`` (from now on);
    BAD_USER_INPUT if malformed."""
    if after is None:
        return None
    digits = after.removeprefix("t")
    if not digits.isdigit() or len(digits) > 15:
        raise BadUserInput(
            "after", "after must be a cursor returned by this subscription, or t<epoch ms>."
        )
    if after.startswith("t"):
        return datetime.fromtimestamp(int(digits) / 1000, UTC)
    return int(digits)


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
