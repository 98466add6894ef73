"""Free/busy: when people are busy (their own events and the events they take part in,
series expanded), for those who share at least free/busy times with the caller, and the
caller. Anyone else is UNKNOWN with no periods at all: a stranger learns nothing, not even
that someone is busy, nor whether the account exists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bson import ObjectId

from subgraphs.common import BadUserInput, Document, validation
from subgraphs.events.access_store import AccessReason, AccessStore, CalendarLevel
from subgraphs.events.occurrences import MAX_EVENTS, expand, too_many
from subgraphs.events.ranges import TimeRange, overlapping
from subgraphs.events.repository import EventRepository

MAX_PEOPLE = 20
MAX_RANGE = timedelta(days=62)
SHARES = (CalendarLevel.FREE_BUSY, CalendarLevel.DETAILS)


@dataclass(frozen=True)
class Period:
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Availability:
    user_id: str
    known: bool
    busy: list[Period] = field(default_factory=list)


class FreeBusy:
    def __init__(self, repository: EventRepository, store: AccessStore) -> None:
        self._repository = repository
        self._store = store

    async def of(
        self, viewer_id: str, user_ids: Sequence[str], time_range: TimeRange
    ) -> list[Availability]:
        """One answer per requested user, in order."""
        start, end = _checked(user_ids, time_range)
        ids = list(dict.fromkeys(str(validation.object_id(u, "userIds")) for u in user_ids))
        levels = await self._store.calendar_levels(viewer_id, ids)
        known = [u for u in ids if u == viewer_id or levels.get(u) in SHARES]
        busy = await self._busy(known, time_range, start, end) if known else {}
        return [
            Availability(user, True, busy.get(user, []))
            if user in known
            else Availability(user, False)
            for user in (str(validation.object_id(u, "userIds")) for u in user_ids)
        ]

    async def _busy(
        self, user_ids: list[str], time_range: TimeRange, start: datetime, end: datetime
    ) -> dict[str, list[Period]]:
        grants = await self._store.granted_to(user_ids, AccessReason.PARTICIPATION)
        joined: dict[str, set[str]] = {}
        for grant in grants:
            joined.setdefault(grant["eventId"], set()).add(grant["userId"])
        query: Document = {
            "$and": [
                {
                    "$or": [
                        {"ownerId": {"$in": user_ids}},
                        {"_id": {"$in": [ObjectId(event_id) for event_id in joined]}},
                    ]
                },
                overlapping(time_range),
            ]
        }
        events = await self._repository.matching(query, MAX_EVENTS + 1)
        if len(events) > MAX_EVENTS:
            raise too_many()
        periods: dict[str, list[Period]] = {user: [] for user in user_ids}
        for record in expand(events, start, end):
            people = {record.event["ownerId"], *joined.get(str(record.event["_id"]), ())}
            for user in people & set(user_ids):
                periods[user].append(Period(record.starts_at, record.ends_at))
        return {user: merged(found) for user, found in periods.items()}


def _checked(user_ids: Sequence[str], time_range: TimeRange) -> tuple[datetime, datetime]:
    if not 1 <= len(user_ids) <= MAX_PEOPLE:
        raise BadUserInput("userIds", f"Ask for 1 to {MAX_PEOPLE} people at once.")
    if time_range.start is None or time_range.end is None:
        raise BadUserInput("from", "Free/busy needs both from and to.")
    if time_range.end - time_range.start > MAX_RANGE:
        raise BadUserInput("to", f"from and to must be at most {MAX_RANGE.days} days apart.")
    return time_range.start, time_range.end


def merged(periods: list[Period]) -> list[Period]:
    """Overlapping or touching periods as one, in start order."""
    result: list[Period] = []
    for period in sorted(periods, key=lambda p: (p.starts_at, p.ends_at)):
        if result and period.starts_at <= result[-1].ends_at:
            last = result[-1]
            result[-1] = Period(last.starts_at, max(last.ends_at, period.ends_at))
        else:
            result.append(period)
    return result
