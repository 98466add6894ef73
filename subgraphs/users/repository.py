"""Persistence in the users subgraph's own MongoDB database: accounts and failed-login counters."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bson import ObjectId
from pymongo import ASCENDING, ReturnDocument, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from subgraphs.common.connections import Listing, PageRequest, Sort, find_listing
from subgraphs.common.mongo import Document

COLLECTION = "users"
LOGIN_FAILURES = "loginFailures"
SEARCH_ORDER = Sort("usernameKey")


async def ensure_indexes(db: AsyncDatabase[Document]) -> None:
    """Unique (case-folded) username and email; prefix search on display names.

    Failed-login counters are removed by a TTL index once expired; that is cleanup only
    (readers compare the stored dates themselves, TTL deletion runs about once a minute).
    """
    users = db[COLLECTION]
    await users.create_index([("usernameKey", ASCENDING)], unique=True, name="username_unique")
    await users.create_index([("emailKey", ASCENDING)], unique=True, name="email_unique")
    await users.create_index([("displayNameKey", ASCENDING)], name="display_name_prefix")
    await db[LOGIN_FAILURES].create_index(
        [("expiresAt", ASCENDING)], expireAfterSeconds=0, name="expired_counters"
    )


class UserRepository:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._users = db[COLLECTION]

    async def insert(self, document: Document) -> Document:
        """Insert a new user; raises ``DuplicateKeyError`` on a taken username or email."""
        result = await self._users.insert_one(document)
        return {**document, "_id": result.inserted_id}

    async def by_ids(self, ids: Sequence[ObjectId]) -> list[Document]:
        """All users among ``ids``, in one query."""
        return await self._users.find({"_id": {"$in": list(ids)}}).to_list()

    async def by_id(self, user_id: ObjectId) -> Document | None:
        return await self._users.find_one({"_id": user_id})

    async def delete(self, user_id: ObjectId) -> bool:
        return (await self._users.delete_one({"_id": user_id})).deleted_count == 1

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
class FailureRule:
    """``max_failures`` failures within ``window`` lock a key out for ``lockout``."""

    max_failures: int
    window: timedelta
    lockout: timedelta


@dataclass(frozen=True)
class FailureCounter:
    key: str
    locked_until: datetime | None


class LoginFailureRepository:
    """Failed-login counters, one document per key (``account:…`` or ``client:…``).

    A document holds ``failures`` counted since the window started, ``windowEndsAt``,
    ``lockedUntil`` (set once the count reaches the rule's limit) and ``expiresAt`` (TTL).
    """

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._counters = db[LOGIN_FAILURES]

    async def counters(self, keys: Sequence[str]) -> list[FailureCounter]:
        """The stored counters among ``keys``, in one query (expired ones included)."""
        documents = await self._counters.find(
            {"_id": {"$in": list(keys)}}, {"lockedUntil": 1}
        ).to_list()
        return [FailureCounter(doc["_id"], doc.get("lockedUntil")) for doc in documents]

    async def record_failure(self, rules: dict[str, FailureRule], now: datetime) -> None:
        """Count one failure for each key, in one round trip of atomic upserts."""
        updates = [
            UpdateOne({"_id": key}, _count_failure(rule, now), upsert=True)
            for key, rule in rules.items()
        ]
        if updates:
            await self._counters.bulk_write(updates, ordered=False)

    async def reset(self, key: str) -> None:
        await self._counters.delete_one({"_id": key})


def _count_failure(rule: FailureRule, now: datetime) -> list[Document]:
    """An update pipeline: start a new window if the stored one ended, else add one failure;
    lock out when the count reaches the limit. Atomic, so concurrent failures all count."""
    window_ended = {"$lte": ["$windowEndsAt", now]}  # also true when there is no window yet
    return [
        {
            "$set": {
                "failures": {"$cond": [window_ended, 1, {"$add": ["$failures", 1]}]},
                "windowEndsAt": {"$cond": [window_ended, now + rule.window, "$windowEndsAt"]},
            }
        },
        {
            "$set": {
                "lockedUntil": {
                    "$cond": [
                        {"$gte": ["$failures", rule.max_failures]},
                        now + rule.lockout,
                        "$lockedUntil",
                    ]
                }
            }
        },
        {"$set": {"expiresAt": {"$max": ["$windowEndsAt", "$lockedUntil"]}}},
    ]


def _identity(document: Document) -> Document:
    return document
