"""Event rules: validation, ownership, who may see what, date-range and text queries."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from subgraphs.common import validation
from subgraphs.common.clock import utc_now
from subgraphs.common.connections import Listing, PageRequest
from subgraphs.common.errors import BadUserInput, Conflict, Forbidden, NotFound
from subgraphs.common.ids import optional_id, ordered_by_keys
from subgraphs.common.mongo import Document
from subgraphs.events.repository import EventRepository

MAX_TITLE_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 5000
MAX_SEARCH_LENGTH = 200


@dataclass(frozen=True)
class EventDraft:
    title: str
    description: str
    is_public: bool
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    all_day: bool


@dataclass(frozen=True)
class EventPatch:
    """``None`` leaves a field unchanged."""

    title: str | None = None
    description: str | None = None
    is_public: bool | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    time_zone: str | None = None
    all_day: bool | None = None


@dataclass(frozen=True)
class TimeRange:
    """Optional bounds; an event matches when it overlaps ``[start, end)``."""

    start: datetime | None = None
    end: datetime | None = None


def can_view(viewer_id: str | None, event: Document) -> bool:
    """The one visibility rule (for now): public events, or the owner's own."""
    return bool(event["isPublic"]) or event["ownerId"] == viewer_id


class EventsService:
    def __init__(self, repository: EventRepository) -> None:
        self._repository = repository

    async def create(self, owner_id: str, draft: EventDraft) -> Document:
        now = utc_now()
        starts_at, ends_at = _valid_times(draft.starts_at, draft.ends_at, blame="endsAt")
        document: Document = {
            "title": _valid_title(draft.title),
            "description": _valid_description(draft.description),
            "isPublic": draft.is_public,
            "startsAt": starts_at,
            "endsAt": ends_at,
            "timeZone": validation.time_zone(draft.time_zone),
            "allDay": draft.all_day,
            "ownerId": owner_id,
            "createdAt": now,
            "updatedAt": now,
            "version": 1,
        }
        return await self._repository.insert(document)

    async def update(self, viewer_id: str, event_id: str, patch: EventPatch) -> Document:
        event = await self._owned_event(viewer_id, event_id)
        changes = _validated_changes(event, patch)
        if not changes:
            return event
        changes["updatedAt"] = utc_now()
        updated = await self._repository.update(event["_id"], viewer_id, event["version"], changes)
        if updated is None:
            raise Conflict("The event changed or was deleted meanwhile; reload and retry.")
        return updated

    async def delete(self, viewer_id: str, event_id: str) -> str:
        event = await self._owned_event(viewer_id, event_id)
        if not await self._repository.delete(event["_id"], viewer_id):
            raise NotFound("No such event.")
        return str(event["_id"])

    async def visible_events_by_ids(
        self, viewer_id: str | None, ids: Sequence[str]
    ) -> list[Document | None]:
        """Events in the order of ``ids``; ``None`` if unknown, malformed or not visible."""
        object_ids = [oid for oid in map(optional_id, ids) if oid is not None]
        found = await self._repository.by_ids(object_ids)
        visible = [event for event in found if can_view(viewer_id, event)]
        return ordered_by_keys(ids, visible, key=lambda event: str(event["_id"]))

    async def events_of(
        self,
        viewer_id: str | None,
        owner_id: str,
        time_range: TimeRange,
        first: int,
        after: str | None,
    ) -> Listing[Document]:
        """``owner_id``'s events that the viewer may see, overlapping ``time_range``."""
        query: Document = {"ownerId": owner_id, **_overlapping(time_range)}
        if viewer_id != owner_id:
            query["isPublic"] = True
        return await self._repository.listing(query, PageRequest.parse(first, after))

    async def public_events(
        self, search: str | None, time_range: TimeRange, first: int, after: str | None
    ) -> Listing[Document]:
        query: Document = {"isPublic": True, **_overlapping(time_range)}
        words = validation.optional_text(search, "search", max_length=MAX_SEARCH_LENGTH)
        if words:
            query["title"] = {"$regex": re.escape(words), "$options": "i"}
        return await self._repository.listing(query, PageRequest.parse(first, after))

    async def _owned_event(self, viewer_id: str, event_id: str) -> Document:
        event = await self._repository.by_id(validation.object_id(event_id, "id"))
        if event is None:
            raise NotFound("No such event.")
        if event["ownerId"] != viewer_id:
            raise Forbidden("Only the event's owner may change it.")
        return event


def time_range(start: datetime | None, end: datetime | None) -> TimeRange:
    """Validate ``from``/``to`` arguments."""
    start = validation.aware_utc(start, "from") if start is not None else None
    end = validation.aware_utc(end, "to") if end is not None else None
    if start is not None and end is not None and end < start:
        raise BadUserInput("to", "to must not be before from.")
    return TimeRange(start, end)


def _overlapping(time_range: TimeRange) -> Document:
    """Events overlapping ``[start, end)``; zero-length events at ``start`` count."""
    query: Document = {}
    if time_range.end is not None:
        query["startsAt"] = {"$lt": time_range.end}
    if time_range.start is not None:
        query["$or"] = [
            {"endsAt": {"$gt": time_range.start}},
            {"startsAt": {"$gte": time_range.start}},
        ]
    return query


def _valid_title(value: str) -> str:
    return validation.text(value, "title", max_length=MAX_TITLE_LENGTH)


def _valid_description(value: str) -> str:
    return validation.optional_text(value, "description", max_length=MAX_DESCRIPTION_LENGTH)


def _valid_times(
    starts_at: datetime, ends_at: datetime, *, blame: str
) -> tuple[datetime, datetime]:
    start = validation.aware_utc(starts_at, "startsAt")
    end = validation.aware_utc(ends_at, "endsAt")
    if end < start:
        raise BadUserInput(blame, "endsAt must not be before startsAt.")
    return start, end


def _validated_changes(event: Document, patch: EventPatch) -> dict[str, Any]:
    """The ``$set`` for ``patch``, validated against the stored event."""
    changes: dict[str, Any] = {}
    if patch.title is not None:
        changes["title"] = _valid_title(patch.title)
    if patch.description is not None:
        changes["description"] = _valid_description(patch.description)
    if patch.is_public is not None:
        changes["isPublic"] = patch.is_public
    if patch.time_zone is not None:
        changes["timeZone"] = validation.time_zone(patch.time_zone)
    if patch.all_day is not None:
        changes["allDay"] = patch.all_day
    if patch.starts_at is not None or patch.ends_at is not None:
        blame = "endsAt" if patch.ends_at is not None else "startsAt"
        start, end = _valid_times(
            patch.starts_at or event["startsAt"], patch.ends_at or event["endsAt"], blame=blame
        )
        changes.update(startsAt=start, endsAt=end)
    return changes
