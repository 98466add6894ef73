"""Participation documents in the subgraph's own MongoDB database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bson import ObjectId
from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from subgraphs.common import Document, Listing, PageRequest, Sort, find_listing, ordered_by_keys

COLLECTION = "participations"
NEWEST_FIRST = Sort("joinedAt", descending=True)
OLDEST_FIRST = Sort("joinedAt")


@dataclass(frozen=True)
class ParticipationRecord:
    id: ObjectId
    event_id: ObjectId
    user_id: ObjectId
    joined_at: datetime


def _record(document: Document) -> ParticipationRecord:
    return ParticipationRecord(
        id=document["_id"],
        event_id=document["eventId"],
        user_id=document["userId"],
        joined_at=document["joinedAt"],
    )


async def ensure_indexes(db: AsyncDatabase[Document]) -> None:
    participations = db[COLLECTION]
    # One participation per (event, user): joining twice cannot create a duplicate.
    await participations.create_index(
        [("eventId", ASCENDING), ("userId", ASCENDING)], unique=True, name="event_user_unique"
    )
    # A user's participations, by when they joined.
    await participations.create_index(
        [("userId", ASCENDING), ("joinedAt", ASCENDING)], name="user_joined"
    )


class ParticipationRepository:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._participations = db[COLLECTION]

    async def insert(self, record: ParticipationRecord) -> bool:
        """Store a participation; ``False`` if the user already takes part in the event."""
        try:
            await self._participations.insert_one(
                {
                    "_id": record.id,
                    "eventId": record.event_id,
                    "userId": record.user_id,
                    "joinedAt": record.joined_at,
                }
            )
        except DuplicateKeyError:
            return False
        return True

    async def find(self, event_id: ObjectId, user_id: ObjectId) -> ParticipationRecord | None:
        document = await self._participations.find_one({"eventId": event_id, "userId": user_id})
        return None if document is None else _record(document)

    async def delete_for_event(self, event_id: ObjectId) -> int:
        result = await self._participations.delete_many({"eventId": event_id})
        return result.deleted_count

    async def delete(self, event_id: ObjectId, user_id: ObjectId) -> bool:
        result = await self._participations.delete_one({"eventId": event_id, "userId": user_id})
        return result.deleted_count == 1

    async def delete_of_user(self, user_id: ObjectId, event_ids: Sequence[ObjectId]) -> int:
        """The user's participations and every participation of ``event_ids``."""
        query = {"$or": [{"userId": user_id}, {"eventId": {"$in": list(event_ids)}}]}
        return (await self._participations.delete_many(query)).deleted_count

    async def event_ids_of_user(self, user_id: ObjectId) -> list[ObjectId]:
        """Every event the user takes part in."""
        found = await self._participations.find({"userId": user_id}, {"eventId": 1}).to_list()
        return [document["eventId"] for document in found]

    async def get_many(self, ids: Sequence[ObjectId]) -> list[ParticipationRecord | None]:
        """Participations for ``ids`` in order (``None`` for unknown ids), with one query."""
        documents = await self._participations.find({"_id": {"$in": list(ids)}}).to_list()
        return ordered_by_keys(ids, map(_record, documents), key=lambda record: record.id)

    async def of_user(
        self, user_id: ObjectId, request: PageRequest
    ) -> Listing[ParticipationRecord]:
        """The events a user joined, most recently joined first."""
        query = {"userId": user_id}
        return await find_listing(self._participations, query, request, NEWEST_FIRST, _record)

    async def of_event(
        self, event_id: ObjectId, request: PageRequest
    ) -> Listing[ParticipationRecord]:
        """An event's participants in the order they joined."""
        query = {"eventId": event_id}
        return await find_listing(self._participations, query, request, OLDEST_FIRST, _record)

    async def count_by_event(self, event_ids: Sequence[ObjectId]) -> dict[ObjectId, int]:
        """Number of participants of each event (events without any are absent), one query."""
        cursor = await self._participations.aggregate(
            [
                {"$match": {"eventId": {"$in": list(event_ids)}}},
                {"$group": {"_id": "$eventId", "count": {"$sum": 1}}},
            ]
        )
        return {row["_id"]: int(row["count"]) async for row in cursor}

    async def of_user_in_events(
        self, user_id: ObjectId, event_ids: Sequence[ObjectId]
    ) -> list[ParticipationRecord]:
        """The participations of ``user_id`` in any of ``event_ids`` (one query)."""
        query = {"userId": user_id, "eventId": {"$in": list(event_ids)}}
        return [_record(document) for document in await self._participations.find(query).to_list()]
