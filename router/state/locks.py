"""Per-key leases (collection ``locks``): intents on the same key run one at a time.

A lock document ``{_id: key, seq, holder, until}`` also numbers the intents recorded on its key
(``seq``), so the newest intent of a key is known. A holder that dies loses its lease at
``until``; nothing about a lock lives only in a router's memory.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from router.state.database import Document

COLLECTION = "locks"
POLL_SECONDS = 0.02


def _now() -> datetime:
    return datetime.now(UTC)


class KeyLocks:
    def __init__(self, db: AsyncDatabase[Document], lease: timedelta) -> None:
        self._locks = db[COLLECTION]
        self._lease = lease

    async def next_seq(self, key: str) -> int:
        """A number greater than every earlier one of ``key``."""
        for _ in range(3):
            try:
                document = await self._locks.find_one_and_update(
                    {"_id": key},
                    {"$inc": {"seq": 1}, "$setOnInsert": {"holder": None, "until": _now()}},
                    upsert=True,
                    return_document=ReturnDocument.AFTER,
                )
            except DuplicateKeyError:  # a concurrent first upsert of the same key won
                continue
            assert document is not None
            return int(document["seq"])
        raise RuntimeError(f"could not number an intent of {key!r}")

    async def try_acquire(self, key: str, holder: str) -> bool:
        """Take the lease of ``key`` if it is free, expired or already ours."""
        now = _now()
        result = await self._locks.update_one(
            {"_id": key, "$or": [{"holder": None}, {"holder": holder}, {"until": {"$lt": now}}]},
            {"$set": {"holder": holder, "until": now + self._lease}},
        )
        return result.matched_count == 1

    async def acquire(
        self, key: str, holder: str, wait: float, ready: Callable[[], Awaitable[bool]]
    ) -> bool:
        """Wait up to ``wait`` seconds until ``ready()`` and the lease of ``key`` is ours."""
        deadline = asyncio.get_running_loop().time() + wait
        while True:
            if await ready() and await self.try_acquire(key, holder):
                return True
            if asyncio.get_running_loop().time() >= deadline:
                return False
            await asyncio.sleep(POLL_SECONDS)

    async def renew(self, key: str, holder: str) -> bool:
        """Extend ``holder``'s lease of ``key``; False if it was taken over."""
        result = await self._locks.update_one(
            {"_id": key, "holder": holder}, {"$set": {"until": _now() + self._lease}}
        )
        return result.matched_count == 1

    async def release(self, key: str, holder: str) -> None:
        await self._locks.update_one({"_id": key, "holder": holder}, {"$set": {"holder": None}})
