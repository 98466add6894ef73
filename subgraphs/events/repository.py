"""Persistence of events in the events subgraph's own MongoDB database."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bson import ObjectId
from pymongo import ASCENDING, TEXT, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from subgraphs.common import Document, Listing, PageRequest, Sort, find_listing, new_id

COLLECTION = "events"
START_ORDER = Sort("startsAt")


async def ensure_indexes(db: AsyncDatabase[Document]) -> None:
    """An owner's calendar by time, public events by time, and words of titles."""
    events = db[COLLECTION]
    await events.create_index([("ownerId", ASCENDING), ("startsAt", ASCENDING)], name="owner_time")
    await events.create_index(
        [("isPublic", ASCENDING), ("startsAt", ASCENDING)], name="public_time"
    )
    await events.create_index([("title", TEXT)], name="title_text")
    await events.create_index([("ownerId", ASCENDING), ("uid", ASCENDING)], name="owner_uid")


class EventRepository:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._events = db[COLLECTION]

    async def insert(self, document: Document) -> Document:
        identified = {"_id": new_id(), **document}
        await self._events.insert_one(identified)
        return identified

    async def by_id(self, event_id: ObjectId) -> Document | None:
        return await self._events.find_one({"_id": event_id})

    async def by_ids(self, ids: Sequence[ObjectId]) -> list[Document]:
        """All events among ``ids``, in one query."""
        return await self._events.find({"_id": {"$in": list(ids)}}).to_list()

    async def update(
        self, event_id: ObjectId, owner_id: str, version: int, changes: dict[str, Any]
    ) -> Document | None:
        """Apply ``changes`` if the event is still at ``version`` (else ``None``)."""
        return await self._events.find_one_and_update(
            {"_id": event_id, "ownerId": owner_id, "version": version},
            {"$set": changes, "$inc": {"version": 1}},
            return_document=ReturnDocument.AFTER,
        )

    async def delete(self, event_id: ObjectId, owner_id: str) -> bool:
        result = await self._events.delete_one({"_id": event_id, "ownerId": owner_id})
        return result.deleted_count == 1

    async def ids_of_owner(self, owner_id: str) -> list[ObjectId]:
        found = await self._events.find({"ownerId": owner_id}, {"_id": 1}).to_list()
        return [document["_id"] for document in found]

    async def uids_of(self, owner_id: str, uids: Sequence[str]) -> set[str]:
        """Which of ``uids`` (imported ``UID``s) the owner's events already have."""
        found = await self._events.find(
            {"ownerId": owner_id, "uid": {"$in": list(uids)}}, {"uid": 1}
        ).to_list()
        return {document["uid"] for document in found}

    async def matching(self, query: Document, limit: int) -> list[Document]:
        """At most ``limit`` events matching ``query``, in start order."""
        cursor = self._events.find(query).sort(START_ORDER.spec()).limit(limit)
        return await cursor.to_list()

    async def listing(self, query: Document, request: PageRequest) -> Listing[Document]:
        """Events matching ``query`` in start order."""
        return await find_listing(self._events, query, request, START_ORDER, _identity)


def _identity(document: Document) -> Document:
    return document
