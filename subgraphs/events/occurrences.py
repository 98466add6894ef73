"""Occurrence lists: the events of a calendar that the viewer may see, series expanded in a
time range, in start order, paged, with a hard cap on the expansion of one request."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bson import ObjectId

from subgraphs.common import BadUserInput, Document, Listing, PageRequest
from subgraphs.common.errors import DomainError
from subgraphs.common.pagination import Cursor, Page
from subgraphs.events.ranges import TimeRange
from subgraphs.events.recurrence import Occurrence, TooManyOccurrences, series_of

MAX_OCCURRENCES = 5000  # per request, all series together
MAX_EVENTS = 2000  # events and series read for one request
MAX_RANGE = timedelta(days=800)
MAX_PAGE = 500


class OccurrenceLimitExceeded(DomainError):
    code = "TOO_MANY_OCCURRENCES"


@dataclass(frozen=True)
class OccurrenceRecord:
    """One occurrence of an event (with its access): a series' or a single event's."""

    event: Document
    occurrence: Occurrence | None  # None: a single event

    @property
    def starts_at(self) -> datetime:
        return self.event["startsAt"] if self.occurrence is None else self.occurrence.starts_at

    @property
    def ends_at(self) -> datetime:
        return self.event["endsAt"] if self.occurrence is None else self.occurrence.ends_at

    @property
    def recurrence_id(self) -> datetime | None:
        return None if self.occurrence is None else self.occurrence.recurrence_id

    def field(self, name: str) -> str:
        """``title`` or ``description``, as overridden for this occurrence."""
        override = None if self.occurrence is None else self.occurrence.override
        value = None if override is None else getattr(override, name)
        return str(self.event[name] if value is None else value)

    @property
    def overridden(self) -> list[str]:
        override = None if self.occurrence is None else self.occurrence.override
        if override is None:
            return []
        names = ("title", "description", "startsAt", "endsAt")
        return [name for name, value in zip(names, override.changes(), strict=True) if value]

    @property
    def key(self) -> tuple[datetime, ObjectId]:
        return (self.starts_at, self.event["_id"])


def checked_range(time_range: TimeRange) -> tuple[datetime, datetime]:
    """Occurrence lists need both bounds, at most ``MAX_RANGE`` apart."""
    if time_range.start is None or time_range.end is None:
        raise BadUserInput("from", "Occurrences need both from and to.")
    if time_range.end - time_range.start > MAX_RANGE:
        raise BadUserInput("to", f"from and to must be at most {MAX_RANGE.days} days apart.")
    return time_range.start, time_range.end


def expand(events: Sequence[Document], start: datetime, end: datetime) -> list[OccurrenceRecord]:
    """Every occurrence of ``events`` overlapping ``[start, end)``, in start order."""
    found: list[OccurrenceRecord] = []
    for event in events:
        series = series_of(event)
        if series is None:
            single = OccurrenceRecord(event, None)
            if single.starts_at < end and (single.ends_at > start or single.starts_at >= start):
                found.append(single)
            continue
        try:
            occurrences = series.between(start, end, limit=MAX_OCCURRENCES - len(found))
        except TooManyOccurrences:
            raise too_many() from None
        found.extend(OccurrenceRecord(event, occurrence) for occurrence in occurrences)
    if len(found) > MAX_OCCURRENCES:
        raise too_many()
    return sorted(found, key=lambda record: record.key)


def too_many() -> OccurrenceLimitExceeded:
    return OccurrenceLimitExceeded(
        f"This range holds more than {MAX_OCCURRENCES} occurrences (or {MAX_EVENTS} events); "
        "ask for a shorter range.",
        limit=MAX_OCCURRENCES,
    )


def page_of(records: list[OccurrenceRecord], request: PageRequest) -> Listing[OccurrenceRecord]:
    """The page after ``request.after`` (start, event id) of the ordered ``records``."""
    total = len(records)
    after = request.after
    if after is not None:
        records = [r for r in records if r.key > (after.value, after.id)]
    shown = records[: request.first]
    items = [(Cursor(*record.key).encode(), record) for record in shown]

    async def count() -> int:
        return total

    page = Page(items, len(records) > request.first, items[-1][0] if items else None)
    return Listing(page, count)
