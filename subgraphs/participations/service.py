"""Participation rules: joining is idempotent, leaving is too, lists are paginated.

Whether the caller may join (the event is public, or they are invited) is a cross-service
rule the router checks before ``joinEvent`` arrives. Joining and leaving record a change
(``JOINED``, ``LEFT``) that names the event(s); subscribers follow one event, whose
unguessable id they know from seeing it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from enum import StrEnum

from bson import ObjectId

from subgraphs.common import (
    Change,
    ChangeFeed,
    Conflict,
    Forbidden,
    Listing,
    PageRequest,
    new_id,
    object_id,
    optional_id,
    ordered_by_keys,
    utc_now,
)
from subgraphs.common.changes import Recording
from subgraphs.participations.repository import ParticipationRecord, ParticipationRepository

JOIN_ATTEMPTS = 3


class ParticipationChangeKind(StrEnum):
    JOINED = "JOINED"
    LEFT = "LEFT"


def concerns_event(change: Change, event_id: str) -> bool:
    """Whether ``change`` (one participant, or a bulk removal) touches ``event_id``."""
    return change.ids.get("event") == event_id or event_id in change.payload.get("events", ())


class ParticipationService:
    def __init__(
        self,
        repository: ParticipationRepository,
        changes: ChangeFeed,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._repository = repository
        self.changes = changes
        self._clock = clock

    def _recording(
        self,
        kind: ParticipationChangeKind,
        user: ObjectId | None,
        events: Collection[ObjectId],
    ) -> AbstractAsyncContextManager[Recording]:
        ids = {} if user is None else {"user": str(user)}
        if len(events) == 1:
            ids["event"] = str(next(iter(events)))
        payload = {} if len(events) == 1 else {"events": sorted(map(str, events))}
        return self.changes.recording(kind.value, ids, None, payload)

    async def join(self, user: ObjectId, event_id: str) -> ParticipationRecord:
        """Join an event; joining again returns the existing participation."""
        event = object_id(event_id, "eventId")
        for _ in range(JOIN_ATTEMPTS):
            existing = await self._repository.find(event, user)
            if existing is not None:
                return existing
            record = ParticipationRecord(new_id(), event, user, self._clock())
            async with self._recording(ParticipationChangeKind.JOINED, user, [event]) as change:
                inserted = await self._repository.insert(record)
                if not inserted:
                    change.discard()
            if inserted:
                return record
            # A concurrent join won the unique index: the next round returns its participation.
        raise Conflict("This participation is changing concurrently; try again.")

    async def leave(self, user: ObjectId, event_id: str) -> bool:
        """Leave an event; ``False`` if the caller was not taking part."""
        return await self._delete(object_id(event_id, "eventId"), user)

    async def _delete(self, event: ObjectId, user: ObjectId) -> bool:
        async with self._recording(ParticipationChangeKind.LEFT, user, [event]) as change:
            deleted = await self._repository.delete(event, user)
            if not deleted:
                change.discard()
        return deleted

    async def remove(self, event_id: str, user_id: str) -> bool:
        """Remove someone's participation (the router checked that the caller owns the
        event); ``False`` if there was none."""
        return await self._delete(object_id(event_id, "eventId"), object_id(user_id, "userId"))

    async def takes_part(self, event_id: str, user_id: str) -> bool:
        event, user = object_id(event_id, "eventId"), object_id(user_id, "userId")
        return await self._repository.find(event, user) is not None

    async def remove_user(self, viewer: ObjectId, user_id: str, event_ids: Sequence[str]) -> int:
        """Forget a deleted account: its participations and those of its deleted events."""
        user = object_id(user_id, "userId")
        if user != viewer:
            raise Forbidden("Only the account's own deletion removes its participations.")
        events = [object_id(event_id, "eventIds") for event_id in event_ids]
        touched = {*events, *await self._repository.event_ids_of_user(user)}
        async with self._recording(ParticipationChangeKind.LEFT, user, touched) as change:
            removed = await self._repository.delete_of_user(user, events)
            if not removed:
                change.discard()
        return removed

    async def remove_event(self, event_id: str) -> int:
        """Forget a deleted event's participations (idempotent); how many were removed."""
        event = object_id(event_id, "eventId")
        async with self._recording(ParticipationChangeKind.LEFT, None, [event]) as change:
            removed = await self._repository.delete_for_event(event)
            if not removed:
                change.discard()
        return removed

    async def get_many(self, ids: Sequence[ObjectId]) -> list[ParticipationRecord | None]:
        return await self._repository.get_many(ids)

    async def of_user(
        self, viewer: ObjectId, user_id: ObjectId | None, first: int, after: str | None
    ) -> Listing[ParticipationRecord]:
        """The events a user joined; only the user may list them."""
        request = PageRequest.parse(first, after)
        if viewer != user_id:
            raise Forbidden("Only the user can list the events they joined.")
        return await self._repository.of_user(viewer, request)

    async def participants(
        self, event_id: str, first: int, after: str | None
    ) -> Listing[ParticipationRecord]:
        request = PageRequest.parse(first, after)
        event = optional_id(event_id)
        if event is None:
            return Listing.empty()
        return await self._repository.of_event(event, request)

    async def counts(self, event_ids: Sequence[ObjectId]) -> list[int]:
        """Batch: number of participants of each event, in order."""
        counts = await self._repository.count_by_event(event_ids)
        return [counts.get(event_id, 0) for event_id in event_ids]

    async def of_user_in_events(
        self, user: ObjectId, event_ids: Sequence[ObjectId]
    ) -> list[ParticipationRecord | None]:
        """Batch: ``user``'s participation in each event, in order (``None`` if absent)."""
        found = await self._repository.of_user_in_events(user, event_ids)
        return ordered_by_keys(event_ids, found, key=lambda record: record.event_id)
