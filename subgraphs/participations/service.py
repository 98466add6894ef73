"""Participation rules: joining is idempotent, leaving is too, lists are paginated.

Whether the caller may join (the event is public, or they are invited) is a cross-service
rule the router checks before ``joinEvent`` arrives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from bson import ObjectId

from subgraphs.common import (
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
from subgraphs.participations.repository import ParticipationRecord, ParticipationRepository

JOIN_ATTEMPTS = 3


class ParticipationService:
    def __init__(
        self, repository: ParticipationRepository, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self._repository = repository
        self._clock = clock

    async def join(self, user: ObjectId, event_id: str) -> ParticipationRecord:
        """Join an event; joining again returns the existing participation."""
        event = object_id(event_id, "eventId")
        for _ in range(JOIN_ATTEMPTS):
            existing = await self._repository.find(event, user)
            if existing is not None:
                return existing
            record = ParticipationRecord(new_id(), event, user, self._clock())
            if await self._repository.insert(record):
                return record
            # A concurrent join won the unique index: the next round returns its participation.
        raise Conflict("This participation is changing concurrently; try again.")

    async def leave(self, user: ObjectId, event_id: str) -> bool:
        """Leave an event; ``False`` if the caller was not taking part."""
        return await self._repository.delete(object_id(event_id, "eventId"), user)

    async def remove(self, event_id: str, user_id: str) -> bool:
        """Remove someone's participation (the router checked that the caller owns the
        event); ``False`` if there was none."""
        return await self._repository.delete(
            object_id(event_id, "eventId"), object_id(user_id, "userId")
        )

    async def takes_part(self, event_id: str, user_id: str) -> bool:
        event, user = object_id(event_id, "eventId"), object_id(user_id, "userId")
        return await self._repository.find(event, user) is not None

    async def remove_user(self, viewer: ObjectId, user_id: str, event_ids: Sequence[str]) -> int:
        """Forget a deleted account: its participations and those of its deleted events."""
        user = object_id(user_id, "userId")
        if user != viewer:
            raise Forbidden("Only the account's own deletion removes its participations.")
        events = [object_id(event_id, "eventIds") for event_id in event_ids]
        return await self._repository.delete_of_user(user, events)

    async def remove_event(self, event_id: str) -> int:
        """Forget a deleted event's participations (idempotent); how many were removed."""
        return await self._repository.delete_for_event(object_id(event_id, "eventId"))

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
