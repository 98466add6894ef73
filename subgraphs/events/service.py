"""Event rules: validation, ownership, date-range and text queries, copied-in access grants.

Creating, changing and deleting an event records a change (``subgraphs.events.changes``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bson import ObjectId

from subgraphs.common import (
    ChangeFeed,
    Conflict,
    Document,
    Forbidden,
    Listing,
    NotFound,
    PageRequest,
    new_id,
    optional_id,
    ordered_by_keys,
    utc_now,
    validation,
)
from subgraphs.events.access_store import AccessReason, AccessStore, CalendarLevel
from subgraphs.events.changes import EventChangeKind, EventChanges
from subgraphs.events.drafts import EventDraft, new_document
from subgraphs.events.free_busy import FreeBusy
from subgraphs.events.imports import EventImports
from subgraphs.events.inputs import valid_description, valid_times, valid_title
from subgraphs.events.ranges import TimeRange, overlapping
from subgraphs.events.repository import EventRepository
from subgraphs.events.series_edits import SeriesEdits
from subgraphs.events.series_fields import series_fields
from subgraphs.events.visibility import EventAccess, Visibility, with_access

MAX_SEARCH_LENGTH = 200


@dataclass(kw_only=True)
class EventPatch:
    """Changes to an event (``UpdateEventInput`` extends it); ``None`` leaves a field as is."""

    title: str | None = None
    description: str | None = None
    is_public: bool | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    time_zone: str | None = None
    all_day: bool | None = None
    recurrence: str | None = None  # "": no longer repeating
    excluded_dates: list[datetime] | None = None


class EventsService:
    def __init__(self, repository: EventRepository, store: AccessStore, feed: ChangeFeed) -> None:
        self._repository = repository
        self._store = store
        self._visibility = Visibility(store)
        self.changes = EventChanges(feed, repository, store, self._visibility)
        self.series = SeriesEdits(repository, store, self)
        self.imports = EventImports(repository)
        self.free_busy = FreeBusy(repository, store)

    async def create(self, owner_id: str, draft: EventDraft) -> Document:
        document = {"_id": new_id(), **new_document(owner_id, draft, utc_now())}
        async with self.changes.written(EventChangeKind.CREATED, document):
            inserted = await self._repository.insert(document)
        return with_access(inserted, EventAccess.FULL)

    async def update(self, viewer_id: str, event_id: str, patch: EventPatch) -> Document:
        event = await self.owned_event(viewer_id, event_id)
        changes = _validated_changes(event, patch)
        if not changes:
            return with_access(event, EventAccess.FULL)
        changes["updatedAt"] = utc_now()
        async with self.changes.written(EventChangeKind.CHANGED, event):
            updated = await self._repository.update(
                event["_id"], viewer_id, event["version"], changes
            )
            if updated is None:
                raise Conflict("The event changed or was deleted meanwhile; reload and retry.")
        return with_access(updated, EventAccess.FULL)

    async def delete(self, viewer_id: str, event_id: str) -> str:
        """Delete an event the viewer owns, and its grants.

        Deleting again is idempotent (a tombstone remembers who deleted it), so the router
        can re-run the clean-up of other subgraphs after a failure.
        """
        key = validation.object_id(event_id, "id")
        event = await self._repository.by_id(key)
        if event is None:
            if await self._store.buried_by(str(key), viewer_id):
                return str(key)
            raise NotFound("No such event.")
        await self._require_owner(viewer_id, event)
        await self._store.bury(str(key), viewer_id, utc_now())
        await self._delete(event)
        return str(key)

    async def _delete(self, event: Document) -> None:
        async with await self.changes.deleting(event):
            await self._repository.delete(event["_id"], event["ownerId"])
        await self._store.forget_event(str(event["_id"]))

    async def remove_participant(self, viewer_id: str, event_id: str, user_id: str) -> bool:
        """The owner withdraws everything that let ``user_id`` see the event (the router then
        removes their participation and invitation)."""
        event = await self.owned_event(viewer_id, event_id)
        user = str(validation.object_id(user_id, "userId"))
        for reason in AccessReason:
            await self._store.revoke(str(event["_id"]), user, reason)
        return True

    async def remove_user(self, viewer_id: str, user_id: str) -> list[str]:
        """Forget a deleted account: delete its events (with tombstones and grants), its
        grants and calendar shares; the ids of every event it ever deleted (idempotent)."""
        if str(validation.object_id(user_id, "userId")) != viewer_id:
            raise Forbidden("Only the account's own deletion removes its events.")
        now = utc_now()
        for key in await self._repository.ids_of_owner(viewer_id):
            await self._store.bury(str(key), viewer_id, now)
            event = await self._repository.by_id(key)
            if event is not None:
                await self._delete(event)
        await self._store.forget_user(viewer_id)
        return await self._store.buried_of(viewer_id)

    async def visible_events_by_ids(
        self, viewer_id: str | None, ids: Sequence[str]
    ) -> list[Document | None]:
        """Events in the order of ``ids``; ``None`` if unknown, malformed or not visible."""
        object_ids = [oid for oid in map(optional_id, ids) if oid is not None]
        found = await self._repository.by_ids(object_ids)
        visible = await self._visibility.visible(viewer_id, found)
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
        query, annotate = await self._calendar_query(viewer_id, owner_id, time_range)
        listing = await self._repository.listing(query, PageRequest.parse(first, after))
        return listing.map(annotate)

    async def calendar_candidates(
        self, viewer_id: str | None, owner_id: str, time_range: TimeRange, *, limit: int
    ) -> list[Document]:
        """Every event (single or series) of ``owner_id`` the viewer may see that may have
        an occurrence in ``time_range``, with its access; at most ``limit``."""
        query, annotate = await self._calendar_query(viewer_id, owner_id, time_range)
        return [annotate(event) for event in await self._repository.matching(query, limit)]

    async def _calendar_query(
        self, viewer_id: str | None, owner_id: str, time_range: TimeRange
    ) -> tuple[Document, Callable[[Document], Document]]:
        conditions: list[Document] = [{"ownerId": owner_id}, overlapping(time_range)]
        share: EventAccess | None = EventAccess.FULL
        granted: set[str] = set()
        if viewer_id != owner_id:
            share = None
            if viewer_id is not None:
                share = await self._visibility.calendar_access(viewer_id, owner_id)
                if share is None:
                    granted = set(await self._visibility.granted_of_owner(viewer_id, owner_id))
            if share is None:
                conditions.append(_public_or_among(granted))

        def annotate(event: Document) -> Document:
            if event["isPublic"] or str(event["_id"]) in granted or share is None:
                return with_access(event, EventAccess.FULL)
            return with_access(event, share)

        return _all_of(conditions), annotate

    async def public_events(
        self, search: str | None, time_range: TimeRange, first: int, after: str | None
    ) -> Listing[Document]:
        query: Document = {"isPublic": True, **overlapping(time_range)}
        words = validation.optional_text(search, "search", max_length=MAX_SEARCH_LENGTH)
        if words:
            query["title"] = {"$regex": re.escape(words), "$options": "i"}
        listing = await self._repository.listing(query, PageRequest.parse(first, after))
        return listing.map(lambda event: with_access(event, EventAccess.FULL))

    # -- grants copied in by the router --------------------------------------------------------

    async def grant(
        self, caller_id: str, event_id: str, user_id: str, reason: AccessReason
    ) -> bool:
        """Let ``user_id`` see an event; the caller is its owner or the user themself."""
        event = await self._granting_event(caller_id, event_id, user_id)
        if event is None:
            return False
        async with self.changes.access_changed(event, user_id):
            await self._store.grant(str(event["_id"]), event["ownerId"], user_id, reason)
        return True

    async def revoke(
        self, caller_id: str, event_id: str, user_id: str, reason: AccessReason
    ) -> bool:
        event = await self._granting_event(caller_id, event_id, user_id)
        if event is None:
            return False
        async with self.changes.access_changed(event, user_id):
            await self._store.revoke(str(event["_id"]), user_id, reason)
        return True

    async def set_calendar_access(
        self, owner_id: str, grantee_id: str, level: CalendarLevel | None, *, lower_only: bool
    ) -> bool:
        """Mirror a calendar share; ``lower_only`` applies a restriction ahead of the share."""
        grantee = str(validation.object_id(grantee_id, "granteeId"))
        if lower_only:
            current = (await self._store.calendar_levels(grantee, [owner_id])).get(owner_id)
            if current is None or level is CalendarLevel.DETAILS or current == level:
                return False
        await self._store.set_calendar(owner_id, grantee, level)
        return True

    async def _granting_event(self, caller_id: str, event_id: str, user_id: str) -> Document | None:
        event = await self._repository.by_id(validation.object_id(event_id, "eventId"))
        validation.object_id(user_id, "userId")
        if event is not None and caller_id not in (event["ownerId"], user_id):
            raise Forbidden("Only the event's owner or the user may change this access.")
        return event

    async def owned_event(self, viewer_id: str, event_id: str) -> Document:
        event = await self._repository.by_id(validation.object_id(event_id, "id"))
        if event is None:
            raise NotFound("No such event.")
        await self._require_owner(viewer_id, event)
        return event

    async def _require_owner(self, viewer_id: str, event: Document) -> None:
        """FORBIDDEN for someone who may see the event; NOT_FOUND for anyone else, so that
        a private event's existence does not leak to strangers."""
        if event["ownerId"] == viewer_id:
            return
        if not await self._visibility.visible(viewer_id, [event]):
            raise NotFound("No such event.")
        raise Forbidden("Only the event's owner may change it.")


def _public_or_among(granted: set[str]) -> Document:
    if not granted:
        return {"isPublic": True}
    return {"$or": [{"isPublic": True}, {"_id": {"$in": [ObjectId(i) for i in sorted(granted)]}}]}


def _all_of(conditions: list[Document]) -> Document:
    parts = [condition for condition in conditions if condition]
    return parts[0] if len(parts) == 1 else {"$and": parts}


def _validated_changes(event: Document, patch: EventPatch) -> dict[str, Any]:
    """The ``$set`` for ``patch``, validated against the stored event."""
    changes: dict[str, Any] = {}
    if patch.title is not None:
        changes["title"] = valid_title(patch.title)
    if patch.description is not None:
        changes["description"] = valid_description(patch.description)
    if patch.is_public is not None:
        changes["isPublic"] = patch.is_public
    if patch.time_zone is not None:
        changes["timeZone"] = validation.time_zone(patch.time_zone)
    if patch.all_day is not None:
        changes["allDay"] = patch.all_day
    if patch.starts_at is not None or patch.ends_at is not None:
        blame = "endsAt" if patch.ends_at is not None else "startsAt"
        start, end = valid_times(
            patch.starts_at or event["startsAt"], patch.ends_at or event["endsAt"], blame=blame
        )
        changes.update(startsAt=start, endsAt=end)
    repeats = event.get("recurrence") is not None
    if patch.recurrence is not None or patch.excluded_dates is not None or (repeats and changes):
        changes.update(series_fields({**event, **changes}, patch.recurrence, patch.excluded_dates))
    return changes
