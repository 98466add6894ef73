"""Invitation documents in the subgraph's own MongoDB database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from bson import ObjectId
from pymongo import ASCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from subgraphs.common import Document, Listing, PageRequest, Sort, find_listing, ordered_by_keys

COLLECTION = "invitations"
NEWEST_FIRST = Sort("createdAt", descending=True)
OLDEST_FIRST = Sort("createdAt")


class InvitationStatus(StrEnum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    TENTATIVE = "TENTATIVE"


@dataclass(frozen=True)
class InvitationRecord:
    id: ObjectId
    event_id: ObjectId
    invitee_id: ObjectId
    inviter_id: ObjectId
    status: InvitationStatus
    created_at: datetime
    responded_at: datetime | None = None

    def involves(self, user_id: ObjectId) -> bool:
        """True for the two people an invitation concerns: its inviter and its invitee."""
        return user_id in (self.inviter_id, self.invitee_id)


def _record(document: Document) -> InvitationRecord:
    return InvitationRecord(
        id=document["_id"],
        event_id=document["eventId"],
        invitee_id=document["inviteeId"],
        inviter_id=document["inviterId"],
        status=InvitationStatus(document["status"]),
        created_at=document["createdAt"],
        responded_at=document.get("respondedAt"),
    )


def _document(record: InvitationRecord) -> Document:
    return {
        "_id": record.id,
        "eventId": record.event_id,
        "inviteeId": record.invitee_id,
        "inviterId": record.inviter_id,
        "status": record.status.value,
        "createdAt": record.created_at,
        "respondedAt": record.responded_at,
    }


def _of_user(user_id: ObjectId, event_ids: Sequence[ObjectId]) -> Document:
    return {
        "$or": [
            {"inviteeId": user_id},
            {"inviterId": user_id},
            {"eventId": {"$in": list(event_ids)}},
        ]
    }


async def ensure_indexes(db: AsyncDatabase[Document]) -> None:
    invitations = db[COLLECTION]
    # One invitation per (event, invitee): duplicates fail atomically in the database.
    await invitations.create_index(
        [("eventId", ASCENDING), ("inviteeId", ASCENDING)],
        unique=True,
        name="event_invitee_unique",
    )
    # The inbox: an invitee's invitations by status, newest first.
    await invitations.create_index(
        [("inviteeId", ASCENDING), ("status", ASCENDING), ("createdAt", ASCENDING)],
        name="invitee_status_created",
    )


class InvitationRepository:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._invitations = db[COLLECTION]

    async def insert(self, record: InvitationRecord) -> bool:
        """Store a new invitation; ``False`` if the invitee is already invited to the event."""
        try:
            await self._invitations.insert_one(_document(record))
        except DuplicateKeyError:
            return False
        return True

    async def get(self, invitation_id: ObjectId) -> InvitationRecord | None:
        document = await self._invitations.find_one({"_id": invitation_id})
        return None if document is None else _record(document)

    async def get_many(self, ids: Sequence[ObjectId]) -> list[InvitationRecord | None]:
        """Invitations for ``ids`` in order (``None`` for unknown ids), with one query."""
        documents = await self._invitations.find({"_id": {"$in": list(ids)}}).to_list()
        return ordered_by_keys(ids, map(_record, documents), key=lambda record: record.id)

    async def set_status(
        self, invitation_id: ObjectId, status: InvitationStatus, responded_at: datetime
    ) -> InvitationRecord | None:
        document = await self._invitations.find_one_and_update(
            {"_id": invitation_id},
            {"$set": {"status": status.value, "respondedAt": responded_at}},
            return_document=ReturnDocument.AFTER,
        )
        return None if document is None else _record(document)

    async def set_status_of(
        self,
        event_id: ObjectId,
        invitee_id: ObjectId,
        status: InvitationStatus,
        responded_at: datetime,
        only_from: InvitationStatus | None,
    ) -> bool:
        """Answer on the invitee's behalf; True if such an invitation exists (and matched)."""
        query: dict[str, Any] = {"eventId": event_id, "inviteeId": invitee_id}
        if only_from is not None:
            query["status"] = only_from.value
        found = await self._invitations.find_one(query, {"status": 1})
        if found is None:
            return False
        if found["status"] != status.value:
            await self._invitations.update_one(
                {"_id": found["_id"]},
                {"$set": {"status": status.value, "respondedAt": responded_at}},
            )
        return True

    async def of(self, event_id: ObjectId, invitee_id: ObjectId) -> InvitationRecord | None:
        """The invitation of (event, invitee), if any."""
        document = await self._invitations.find_one({"eventId": event_id, "inviteeId": invitee_id})
        return None if document is None else _record(document)

    async def of_user(
        self, user_id: ObjectId, event_ids: Sequence[ObjectId]
    ) -> list[InvitationRecord]:
        """What :meth:`delete_of_user` would delete."""
        documents = await self._invitations.find(_of_user(user_id, event_ids)).to_list()
        return [_record(document) for document in documents]

    async def of_events(self, event_ids: Sequence[ObjectId]) -> list[InvitationRecord]:
        documents = await self._invitations.find({"eventId": {"$in": list(event_ids)}}).to_list()
        return [_record(document) for document in documents]

    async def delete_of(self, event_id: ObjectId, invitee_id: ObjectId) -> bool:
        result = await self._invitations.delete_one({"eventId": event_id, "inviteeId": invitee_id})
        return result.deleted_count == 1

    async def delete_of_user(self, user_id: ObjectId, event_ids: Sequence[ObjectId]) -> int:
        """Invitations the user sent or received, and every invitation of ``event_ids``."""
        return (await self._invitations.delete_many(_of_user(user_id, event_ids))).deleted_count

    async def delete_for_event(self, event_id: ObjectId) -> int:
        result = await self._invitations.delete_many({"eventId": event_id})
        return result.deleted_count

    async def delete(self, invitation_id: ObjectId) -> bool:
        result = await self._invitations.delete_one({"_id": invitation_id})
        return result.deleted_count == 1

    async def received(
        self, invitee_id: ObjectId, status: InvitationStatus | None, request: PageRequest
    ) -> Listing[InvitationRecord]:
        """Invitations sent to ``invitee_id`` (optionally of one status), newest first."""
        query: dict[str, Any] = {"inviteeId": invitee_id}
        if status is not None:
            query["status"] = status.value
        return await find_listing(self._invitations, query, request, NEWEST_FIRST, _record)

    async def for_event(
        self, event_id: ObjectId, request: PageRequest
    ) -> Listing[InvitationRecord]:
        """An event's invitations in the order they were sent."""
        query = {"eventId": event_id}
        return await find_listing(self._invitations, query, request, OLDEST_FIRST, _record)

    async def involves(self, event_id: ObjectId, user_id: ObjectId) -> bool:
        """True if ``user_id`` sent or received an invitation to the event."""
        query = {"eventId": event_id, "$or": [{"inviterId": user_id}, {"inviteeId": user_id}]}
        return await self._invitations.find_one(query, projection={"_id": 1}) is not None

    async def received_for_events(
        self, invitee_id: ObjectId, event_ids: Sequence[ObjectId]
    ) -> list[InvitationRecord]:
        """The invitations ``invitee_id`` received to any of ``event_ids`` (one query)."""
        query = {"inviteeId": invitee_id, "eventId": {"$in": list(event_ids)}}
        return [_record(document) for document in await self._invitations.find(query).to_list()]
