"""The reference for recurrence tests: a series written as RFC 5545 text, expanded by
``recurring-ical-events`` (an independent implementation)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events


@dataclass(frozen=True)
class Moved:
    """An override: the occurrence at ``recurrence_id`` gets other times and/or title."""

    recurrence_id: datetime
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    title: str | None = None


def series_ics(
    *,
    uid: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    time_zone: str,
    rule: str | None,
    exdates: Sequence[datetime] = (),
    overrides: Sequence[Moved] = (),
) -> icalendar.Calendar:
    """One series (or single event) with its overrides as a VCALENDAR, local times by TZID."""
    zone = ZoneInfo(time_zone)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//fedcal tests//EN")
    calendar.add("version", "2.0")
    master = icalendar.Event()
    master.add("uid", uid)
    master.add("summary", title)
    master.add("dtstart", starts_at.astimezone(zone))
    master.add("dtend", ends_at.astimezone(zone))
    if rule is not None:
        master.add("rrule", icalendar.vRecur.from_ical(rule))
    if exdates:
        master.add("exdate", [moment.astimezone(zone) for moment in exdates])
    calendar.add_component(master)
    duration = ends_at - starts_at
    for moved in overrides:
        start = moved.starts_at or moved.recurrence_id
        child = icalendar.Event()
        child.add("uid", uid)
        child.add("summary", moved.title or title)
        child.add("recurrence-id", moved.recurrence_id.astimezone(zone))
        child.add("dtstart", start.astimezone(zone))
        child.add("dtend", (moved.ends_at or start + duration).astimezone(zone))
        calendar.add_component(child)
    calendar.add_missing_timezones()
    return calendar


@dataclass(frozen=True, order=True)
class Seen:
    """One expanded occurrence, as instants in UTC."""

    starts_at: datetime
    ends_at: datetime
    title: str


def _instant(value: date | datetime, zone: ZoneInfo) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(), zone)
    return value.astimezone(UTC)


def reference_occurrences(
    calendars: Iterable[icalendar.Calendar | bytes | str],
    start: datetime,
    end: datetime,
    *,
    zone: str = "UTC",
) -> list[Seen]:
    """What ``recurring-ical-events`` computes in ``[start, end)`` for all the calendars."""
    seen: list[Seen] = []
    for item in calendars:
        calendar = (
            item if isinstance(item, icalendar.Calendar) else icalendar.Calendar.from_ical(item)
        )
        for component in recurring_ical_events.of(calendar).between(start, end):
            seen.append(
                Seen(
                    _instant(component.decoded("dtstart"), ZoneInfo(zone)),
                    _instant(component.decoded("dtend"), ZoneInfo(zone)),
                    str(component.get("summary")),
                )
            )
    return sorted(seen)


def seen_of(occurrences: Iterable[Mapping[str, Any]]) -> list[Seen]:
    """API occurrences (``startsAt``, ``endsAt``, ``title`` as ISO strings) as :class:`Seen`."""
    return sorted(
        Seen(
            datetime.fromisoformat(item["startsAt"]).astimezone(UTC),
            datetime.fromisoformat(item["endsAt"]).astimezone(UTC),
            str(item["title"]),
        )
        for item in occurrences
    )
