"""Attempt counters of login and registration throttling, in the users database (one
document per key, shared by every replica), and the delay rules they are judged by."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from pymongo import ASCENDING, DeleteOne, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from subgraphs.common.mongo import Document

COLLECTION = "loginFailures"  # its name from when it held only failed logins


async def ensure_attempt_indexes(db: AsyncDatabase[Document]) -> None:
    """Expired counters are removed by a TTL index; that is cleanup only (readers compare the
    stored dates themselves, TTL deletion runs about once a minute)."""
    await db[COLLECTION].create_index(
        [("expiresAt", ASCENDING)], expireAfterSeconds=0, name="expired_counters"
    )


@dataclass(frozen=True)
class DelayRule:
    """``free`` attempts, then each further one waits ``first_delay``, doubled per attempt up
    to ``max_delay``; a counter starts afresh after ``window`` without attempts."""

    free: int
    window: timedelta
    first_delay: timedelta
    max_delay: timedelta

    def delay(self, count: int) -> timedelta:
        if count < self.free:
            return timedelta(0)
        doubling: int = 2 ** min(count - self.free, 32)
        return min(self.first_delay * doubling, self.max_delay)

    @property
    def keep_for(self) -> timedelta:
        """How long a counter matters after its last attempt."""
        return max(self.window, self.max_delay)


@dataclass(frozen=True)
class AttemptCounter:
    """A stored counter (``count`` attempts, the last at ``last_at``), or a marker (count 0);
    either is deleted after ``expires_at``."""

    key: str
    count: int
    last_at: datetime | None
    expires_at: datetime | None = None

    def blocked_until(self, rule: DelayRule, now: datetime) -> datetime | None:
        """Until when the next attempt must wait under ``rule`` (None: it may go now)."""
        if self.last_at is None or self.last_at + rule.window <= now:
            return None
        until = self.last_at + rule.delay(self.count)
        return until if until > now else None


class AttemptRepository:
    """Attempt counters and markers, one document per key (``pair:…``, ``account:…``,
    ``client:…``, ``register:…``; ``known:…`` marks a client that logged into an account).

    A counter holds ``count``, ``lastAt`` and ``expiresAt`` (TTL cleanup only: readers compare
    ``lastAt`` themselves).
    """

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._counters = db[COLLECTION]

    async def counters(self, keys: Sequence[str]) -> dict[str, AttemptCounter]:
        """The stored documents among ``keys``, in one query (expired ones included)."""
        documents = await self._counters.find(
            {"_id": {"$in": list(keys)}}, {"count": 1, "lastAt": 1, "expiresAt": 1}
        ).to_list()
        return {
            doc["_id"]: AttemptCounter(
                doc["_id"], doc.get("count", 0), doc.get("lastAt"), doc.get("expiresAt")
            )
            for doc in documents
        }

    async def record(self, rules: dict[str, DelayRule], now: datetime) -> None:
        """Count one attempt for each key, in one round trip of atomic upserts."""
        updates = [
            UpdateOne({"_id": key}, _count_attempt(rule, now), upsert=True)
            for key, rule in rules.items()
        ]
        if updates:
            await self._counters.bulk_write(updates, ordered=False)

    async def reset_and_mark(self, reset: str | None, mark: str | None, until: datetime) -> None:
        """Delete counter ``reset`` and store marker ``mark`` until ``until``: one round trip."""
        writes: list[DeleteOne | UpdateOne] = []
        if reset is not None:
            writes.append(DeleteOne({"_id": reset}))
        if mark is not None:
            writes.append(UpdateOne({"_id": mark}, {"$set": {"expiresAt": until}}, upsert=True))
        if writes:
            await self._counters.bulk_write(writes, ordered=False)


def _count_attempt(rule: DelayRule, now: datetime) -> list[Document]:
    """An update pipeline: start afresh if the last attempt is older than the window, else add
    one. Atomic, so concurrent attempts all count."""
    stale = {"$lte": ["$lastAt", now - rule.window]}  # also true when there is no lastAt yet
    return [
        {
            "$set": {
                "count": {"$cond": [stale, 1, {"$add": ["$count", 1]}]},
                "lastAt": now,
                "expiresAt": now + rule.keep_for,
            }
        }
    ]
