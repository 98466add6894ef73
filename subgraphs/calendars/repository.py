"""Calendar share documents in the subgraph's own MongoDB database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bson import ObjectId
from pymongo import ASCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from subgraphs.common import (
    Document,
    Listing,
    PageRequest,
    Sort,
    find_listing,
    new_id,
    ordered_by_keys,
)

COLLECTION = "calendarShares"
NEWEST_FIRST = Sort("createdAt", descending=True)
UPSERT_ATTEMPTS = 3


class ShareLevel(StrEnum):
    FREE_BUSY = "FREE_BUSY"
    DETAILS = "DETAILS"


@dataclass(frozen=True)
class ShareRecord:
    id: ObjectId
    owner_id: ObjectId
    grantee_id: ObjectId
    level: ShareLevel
    created_at: datetime
    updated_at: datetime

    def involves(self, user_id: ObjectId) -> bool:
        """True for the calendar's owner and the grantee."""
        return user_id in (self.owner_id, self.grantee_id)


def _record(document: Document) -> ShareRecord:
    return ShareRecord(
        id=document["_id"],
        owner_id=document["ownerId"],
        grantee_id=document["granteeId"],
        level=ShareLevel(document["level"]),
        created_at=document["createdAt"],
        updated_at=document["updatedAt"],
    )


async def ensure_indexes(db: AsyncDatabase[Document]) -> None:
    shares = db[COLLECTION]
    # One share per (owner, grantee): sharing again updates it (upsert on this key).
    await shares.create_index(
        [("ownerId", ASCENDING), ("granteeId", ASCENDING)],
        unique=True,
        name="owner_grantee_unique",
    )
    # "Shared with me": the shares a grantee received, newest first.
    await shares.create_index(
        [("granteeId", ASCENDING), ("createdAt", ASCENDING)], name="grantee_created"
    )


class ShareRepository:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._shares = db[COLLECTION]

    async def upsert(
        self, owner_id: ObjectId, grantee_id: ObjectId, level: ShareLevel, now: datetime
    ) -> ShareRecord:
        """Create the share or set its level; one atomic document write."""
        for _ in range(UPSERT_ATTEMPTS):
            try:
                document = await self._shares.find_one_and_update(
                    {"ownerId": owner_id, "granteeId": grantee_id},
                    {
                        "$set": {"level": level.value, "updatedAt": now},
                        "$setOnInsert": {"_id": new_id(), "createdAt": now},
                    },
                    upsert=True,
                    return_document=ReturnDocument.AFTER,
                )
            except DuplicateKeyError:
                continue  # a concurrent upsert inserted it first: update that one
            if document is not None:
                return _record(document)
        raise RuntimeError("calendar share upsert kept colliding")

    async def delete(self, owner_id: ObjectId, grantee_id: ObjectId) -> bool:
        result = await self._shares.delete_one({"ownerId": owner_id, "granteeId": grantee_id})
        return result.deleted_count == 1

    async def of_user(self, user_id: ObjectId) -> list[ShareRecord]:
        """The shares a user gave or received (what :meth:`delete_of_user` deletes)."""
        query = {"$or": [{"ownerId": user_id}, {"granteeId": user_id}]}
        return [_record(document) for document in await self._shares.find(query).to_list()]

    async def delete_of_user(self, user_id: ObjectId) -> int:
        """Every share the user gave or received."""
        query = {"$or": [{"ownerId": user_id}, {"granteeId": user_id}]}
        return (await self._shares.delete_many(query)).deleted_count

    async def get_many(self, ids: Sequence[ObjectId]) -> list[ShareRecord | None]:
        """Shares for ``ids`` in order (``None`` for unknown ids), with one query."""
        documents = await self._shares.find({"_id": {"$in": list(ids)}}).to_list()
        return ordered_by_keys(ids, map(_record, documents), key=lambda record: record.id)

    async def given(self, owner_id: ObjectId, request: PageRequest) -> Listing[ShareRecord]:
        query = {"ownerId": owner_id}
        return await find_listing(self._shares, query, request, NEWEST_FIRST, _record)

    async def received(self, grantee_id: ObjectId, request: PageRequest) -> Listing[ShareRecord]:
        query = {"granteeId": grantee_id}
        return await find_listing(self._shares, query, request, NEWEST_FIRST, _record)

    async def received_from(
        self, grantee_id: ObjectId, owner_ids: Sequence[ObjectId]
    ) -> list[ShareRecord]:
        """The shares ``grantee_id`` received from any of ``owner_ids`` (one query)."""
        query = {"granteeId": grantee_id, "ownerId": {"$in": list(owner_ids)}}
        return [_record(document) for document in await self._shares.find(query).to_list()]
