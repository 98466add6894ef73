"""Collection ``rate_limits``: requests per caller and fixed window, summed over every router
process (``$inc`` of what each process counted since its last flush)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from router.state.database import Document, RouterDatabase

COLLECTION = "rate_limits"


class RateCounters:
    """Shared counters keyed by (window number, caller key); expired after two windows."""

    def __init__(self, database: RouterDatabase, window_seconds: float) -> None:
        self._database = database
        self._window = window_seconds
        database.on_start(self._indexes)

    async def _indexes(self, db: AsyncDatabase[Document]) -> None:
        await db[COLLECTION].create_index("expiresAt", expireAfterSeconds=0)

    async def add(self, window: int, counts: Mapping[str, int]) -> None:
        """Add this process's new counts (one bulk write)."""
        if not counts:
            return
        expires = datetime.now(UTC) + timedelta(seconds=2 * self._window)
        await self._database.db[COLLECTION].bulk_write(
            [
                UpdateOne(
                    {"_id": f"{window}:{key}"},
                    {"$inc": {"count": count}, "$setOnInsert": {"expiresAt": expires}},
                    upsert=True,
                )
                for key, count in counts.items()
            ],
            ordered=False,
        )

    async def read(self, window: int, keys: list[str]) -> dict[str, int]:
        """The totals of ``keys`` (only those some process counted)."""
        if not keys:
            return {}
        prefix = f"{window}:"
        found = self._database.db[COLLECTION].find({"_id": {"$in": [prefix + k for k in keys]}})
        return {
            str(document["_id"]).removeprefix(prefix): int(document["count"])
            async for document in found
        }
