"""What a calendar shows: each event once, marked owned, joined, tentative or busy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from webapp.core.dates import in_zone
from webapp.core.dates import zone as time_zone
from webapp.core.entities import Event


class Kind(StrEnum):
    OWNED = "owned"
    JOINED = "joined"
    TENTATIVE = "tentative"
    SHARED = "shared"
    BUSY = "busy"

    @property
    def label(self) -> str:
        return {
            Kind.OWNED: "My event",
            Kind.JOINED: "Attending",
            Kind.TENTATIVE: "Maybe",
            Kind.SHARED: "Shared with you",
            Kind.BUSY: "Busy",
        }[self]


PRIORITY = (Kind.OWNED, Kind.JOINED, Kind.TENTATIVE, Kind.SHARED, Kind.BUSY)


@dataclass(frozen=True)
class Entry:
    event: Event
    kind: Kind

    @property
    def title(self) -> str:
        return "Busy" if self.kind is Kind.BUSY else self.event.display_title

    def days(self, zone: ZoneInfo) -> list[date]:
        """The local days this entry touches (an end at midnight does not touch that day)."""
        event_zone = time_zone(self.event.time_zone) if self.event.all_day else zone
        start = in_zone(self.event.starts_at, event_zone)
        end = max(in_zone(self.event.ends_at, event_zone), start)
        last = (end - timedelta(microseconds=1)).date() if end > start else start.date()
        return [start.date() + timedelta(days=n) for n in range((last - start.date()).days + 1)]


def merge(groups: Iterable[tuple[Kind, Iterable[Event]]]) -> list[Entry]:
    """One entry per event, the strongest relation winning, in start order."""
    best: dict[str, Entry] = {}
    for kind, events in groups:
        for event in events:
            current = best.get(event.occurrence_key)
            if current is None or PRIORITY.index(kind) < PRIORITY.index(current.kind):
                best[event.occurrence_key] = Entry(event, kind)
    return sorted(best.values(), key=lambda entry: (entry.event.starts_at, entry.title))


def within(entries: Iterable[Entry], start: datetime, stop: datetime) -> list[Entry]:
    """Entries overlapping ``[start, stop)``."""
    return [e for e in entries if e.event.starts_at < stop and e.event.ends_at >= start]


def by_day(entries: Iterable[Entry], days: list[date], zone: ZoneInfo) -> dict[date, list[Entry]]:
    """Entries grouped under each of ``days`` they touch."""
    grouped: dict[date, list[Entry]] = {day: [] for day in days}
    for entry in entries:
        for day in entry.days(zone):
            if day in grouped:
                grouped[day].append(entry)
    return grouped
