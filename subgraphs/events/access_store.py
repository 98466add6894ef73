"""Access grants the router copies into the events database, so that every read path
(lists, ``event(id)``, ``_entities``) decides visibility from local data.

- event grants: user U may see event E because U was invited to it or takes part in it
  (one document per (E, U) with the set of reasons; gone when no reason is left);
- calendar grants: owner O shares their calendar with grantee G at a level;
- tombstones: events that were deleted (so a repeated delete is idempotent).

Documents have deterministic ``_id`` values, so every write is an idempotent upsert.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import Enum

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from subgraphs.common import Document

EVENT_GRANTS = "event_grants"
CALENDAR_GRANTS = "calendar_grants"
TOMBSTONES = "deleted_events"


class AccessReason(Enum):
    """Why a user may see a private event that is not theirs."""

    INVITATION = "INVITATION"
    PARTICIPATION = "PARTICIPATION"


class CalendarLevel(Enum):
    """What a calendar share lets the grantee see of the owner's private events."""

    FREE_BUSY = "FREE_BUSY"
    DETAILS = "DETAILS"


async def ensure_access_indexes(db: AsyncDatabase[Document]) -> None:
    """Grants by user (and owner), calendar grants by grantee, grants by event."""
    grants = db[EVENT_GRANTS]
    await grants.create_index([("userId", ASCENDING), ("ownerId", ASCENDING)], name="user_owner")
    await grants.create_index([("eventId", ASCENDING)], name="event")
    await db[TOMBSTONES].create_index([("ownerId", ASCENDING)], name="owner")
    await db[CALENDAR_GRANTS].create_index(
        [("granteeId", ASCENDING), ("ownerId", ASCENDING)], name="grantee_owner"
    )


class AccessStore:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._grants = db[EVENT_GRANTS]
        self._calendars = db[CALENDAR_GRANTS]
        self._tombstones = db[TOMBSTONES]

    # -- event grants ------------------------------------------------------------------------

    async def grant(self, event_id: str, owner_id: str, user_id: str, reason: AccessReason) -> None:
        await self._grants.update_one(
            {"_id": f"{event_id}:{user_id}"},
            {
                "$addToSet": {"reasons": reason.value},
                "$set": {"eventId": event_id, "userId": user_id, "ownerId": owner_id},
            },
            upsert=True,
        )

    async def revoke(self, event_id: str, user_id: str, reason: AccessReason) -> None:
        key = f"{event_id}:{user_id}"
        await self._grants.update_one({"_id": key}, {"$pull": {"reasons": reason.value}})
        await self._grants.delete_one({"_id": key, "reasons": {"$size": 0}})

    async def granted_among(self, user_id: str, event_ids: Sequence[str]) -> set[str]:
        """Which of ``event_ids`` ``user_id`` holds a grant for (one query)."""
        keys = [f"{event_id}:{user_id}" for event_id in event_ids]
        found = await self._grants.find({"_id": {"$in": keys}}, {"eventId": 1}).to_list()
        return {document["eventId"] for document in found}

    async def granted_of_owner(self, user_id: str, owner_id: str) -> list[str]:
        """The ids of ``owner_id``'s events that ``user_id`` holds a grant for."""
        found = await self._grants.find(
            {"userId": user_id, "ownerId": owner_id}, {"eventId": 1}
        ).to_list()
        return [document["eventId"] for document in found]

    async def audience_of(self, event_id: str) -> list[str]:
        """The users holding a grant to ``event_id``."""
        found = await self._grants.find({"eventId": event_id}, {"userId": 1}).to_list()
        return [document["userId"] for document in found]

    async def granted_to(self, user_ids: Sequence[str], reason: AccessReason) -> list[Document]:
        """The grants (``userId``, ``eventId``) of ``user_ids`` that include ``reason``."""
        return await self._grants.find(
            {"userId": {"$in": list(user_ids)}, "reasons": reason.value},
            {"userId": 1, "eventId": 1},
        ).to_list()

    async def copy_grants(self, from_event: str, to_event: str) -> None:
        """Give ``to_event`` the grants of ``from_event`` (a series split in two)."""
        for grant in await self._grants.find({"eventId": from_event}).to_list():
            await self._grants.update_one(
                {"_id": f"{to_event}:{grant['userId']}"},
                {
                    "$addToSet": {"reasons": {"$each": grant["reasons"]}},
                    "$set": {
                        "eventId": to_event,
                        "userId": grant["userId"],
                        "ownerId": grant["ownerId"],
                    },
                },
                upsert=True,
            )

    async def forget_event(self, event_id: str) -> None:
        await self._grants.delete_many({"eventId": event_id})

    async def forget_user(self, user_id: str) -> None:
        """A deleted account's grants and calendar shares, both ways."""
        await self._grants.delete_many({"userId": user_id})
        await self._calendars.delete_many({"$or": [{"ownerId": user_id}, {"granteeId": user_id}]})

    # -- calendar grants -----------------------------------------------------------------------

    async def set_calendar(
        self, owner_id: str, grantee_id: str, level: CalendarLevel | None
    ) -> None:
        key = f"{owner_id}:{grantee_id}"
        if level is None:
            await self._calendars.delete_one({"_id": key})
            return
        await self._calendars.update_one(
            {"_id": key},
            {"$set": {"ownerId": owner_id, "granteeId": grantee_id, "level": level.value}},
            upsert=True,
        )

    async def calendar_grantees(self, owner_id: str) -> list[str]:
        """Everyone ``owner_id`` shares their calendar with (at any level)."""
        found = await self._calendars.find({"ownerId": owner_id}, {"granteeId": 1}).to_list()
        return [document["granteeId"] for document in found]

    async def calendar_levels(
        self, grantee_id: str, owner_ids: Sequence[str]
    ) -> dict[str, CalendarLevel]:
        """The grantee's level on each of ``owner_ids``' calendars that is shared with them."""
        keys = [f"{owner_id}:{grantee_id}" for owner_id in owner_ids]
        found = await self._calendars.find({"_id": {"$in": keys}}).to_list()
        return {document["ownerId"]: CalendarLevel(document["level"]) for document in found}

    # -- tombstones ------------------------------------------------------------------------------

    async def bury(self, event_id: str, owner_id: str, at: datetime) -> None:
        await self._tombstones.update_one(
            {"_id": event_id}, {"$setOnInsert": {"ownerId": owner_id, "deletedAt": at}}, upsert=True
        )

    async def buried_of(self, owner_id: str) -> list[str]:
        """Every event ``owner_id`` deleted."""
        found = await self._tombstones.find({"ownerId": owner_id}, {"_id": 1}).to_list()
        return [str(document["_id"]) for document in found]

    async def buried_by(self, event_id: str, owner_id: str) -> bool:
        """True if ``owner_id`` deleted ``event_id`` before."""
        return await self._tombstones.find_one({"_id": event_id, "ownerId": owner_id}) is not None
