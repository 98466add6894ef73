"""Persistence in the users subgraph's own MongoDB database: accounts and attempt counters
(login and registration throttling)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bson import ObjectId
from pymongo import ASCENDING, DeleteOne, ReturnDocument, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from subgraphs.common.connections import Listing, PageRequest, Sort, find_listing
from subgraphs.common.ids import new_id
from subgraphs.common.mongo import Document

COLLECTION = "users"
LOGIN_FAILURES = "loginFailures"
SEARCH_ORDER = Sort("usernameKey")
EMAIL_UNIQUE = "email_unique"


async def ensure_indexes(db: AsyncDatabase[Document]) -> None:
    """Unique (case-folded) username; prefix search on display names. Emails are not unique
    (``UsersService.register``): an older database's unique index on them is dropped.

    Attempt counters are removed by a TTL index once expired; that is cleanup only (readers
    compare the stored dates themselves, TTL deletion runs about once a minute).
    """
    users = db[COLLECTION]
    await users.create_index([("usernameKey", ASCENDING)], unique=True, name="username_unique")
    if EMAIL_UNIQUE in await users.index_information():
        await users.drop_index(EMAIL_UNIQUE)
    await users.create_index([("displayNameKey", ASCENDING)], name="display_name_prefix")
    await db[LOGIN_FAILURES].create_index(
        [("expiresAt", ASCENDING)], expireAfterSeconds=0, name="expired_counters"
    )


class UserRepository:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._users = db[COLLECTION]

    async def insert(self, document: Document) -> Document:
        """Insert a new user; raises ``DuplicateKeyError`` on a taken username."""
        identified = {"_id": new_id(), **document}
        await self._users.insert_one(identified)
        return identified

    async def by_ids(self, ids: Sequence[ObjectId]) -> list[Document]:
        """All users among ``ids``, in one query."""
        return await self._users.find({"_id": {"$in": list(ids)}}).to_list()

    async def by_id(self, user_id: ObjectId) -> Document | None:
        return await self._users.find_one({"_id": user_id})

    async def by_username_key(self, username_key: str) -> Document | None:
        return await self._users.find_one({"usernameKey": username_key})

    async def update(self, user_id: ObjectId, changes: dict[str, Any]) -> Document | None:
        return await self._users.find_one_and_update(
            {"_id": user_id}, {"$set": changes}, return_document=ReturnDocument.AFTER
        )

    async def search_by_prefix(self, prefix_key: str, request: PageRequest) -> Listing[Document]:
        """Users whose username or display name starts with ``prefix_key`` (case-folded)."""
        starts_with = {"$regex": f"^{re.escape(prefix_key)}"}
        query = {"$or": [{"usernameKey": starts_with}, {"displayNameKey": starts_with}]}
        return await find_listing(self._users, query, request, SEARCH_ORDER, _identity)


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
        self._counters = db[LOGIN_FAILURES]

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


def _identity(document: Document) -> Document:
    return document
