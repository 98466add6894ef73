"""Who sees what of an event.

A public event, or one's own, is seen in full. A private event is seen in full by its
invitees and participants (event grants) and by holders of a DETAILS share of the owner's
calendar; a FREE_BUSY share sees its times only. Everyone else does not see it at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from subgraphs.common import Document
from subgraphs.events.access_store import AccessStore, CalendarLevel

ACCESS_KEY = "access"  # set on event documents the viewer may see


class EventAccess(Enum):
    """How much of an event the caller sees."""

    FULL = "FULL"
    FREE_BUSY = "FREE_BUSY"


def _level_access(level: CalendarLevel | None) -> EventAccess | None:
    if level is CalendarLevel.DETAILS:
        return EventAccess.FULL
    if level is CalendarLevel.FREE_BUSY:
        return EventAccess.FREE_BUSY
    return None


def with_access(event: Document, access: EventAccess) -> Document:
    return {**event, ACCESS_KEY: access}


class Visibility:
    def __init__(self, store: AccessStore) -> None:
        self._store = store

    async def visible(self, viewer_id: str | None, events: Sequence[Document]) -> list[Document]:
        """The events ``viewer_id`` may see, with their access; at most two queries."""
        seen: list[Document] = []
        private: list[Document] = []
        for event in events:
            if event["isPublic"] or event["ownerId"] == viewer_id:
                seen.append(with_access(event, EventAccess.FULL))
            elif viewer_id is not None:
                private.append(event)
        if not private:
            return seen
        assert viewer_id is not None
        granted = await self._store.granted_among(viewer_id, [str(e["_id"]) for e in private])
        levels = await self._store.calendar_levels(
            viewer_id, sorted({event["ownerId"] for event in private})
        )
        for event in private:
            if str(event["_id"]) in granted:
                seen.append(with_access(event, EventAccess.FULL))
            elif (access := _level_access(levels.get(event["ownerId"]))) is not None:
                seen.append(with_access(event, access))
        return seen

    async def calendar_access(self, viewer_id: str, owner_id: str) -> EventAccess | None:
        """What a calendar share gives ``viewer_id`` on ``owner_id``'s private events."""
        levels = await self._store.calendar_levels(viewer_id, [owner_id])
        return _level_access(levels.get(owner_id))

    async def granted_of_owner(self, viewer_id: str, owner_id: str) -> list[str]:
        return await self._store.granted_of_owner(viewer_id, owner_id)
