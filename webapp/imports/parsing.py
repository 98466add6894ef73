"""Reading a calendar file (RFC 5545) into events to import: single events and series
(RRULE, EXDATE, RECURRENCE-ID overrides) with their time zones. A file that cannot be read
is refused as a whole with a message for people."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from icalendar.cal import Component

from webapp.core.dates import time_zone_names
from webapp.feeds.ics import safe_text

MAX_FILE_BYTES = 1_000_000
MAX_EVENTS = 500
UNTITLED = "(no title)"


class CalendarFileError(ValueError):
    """The file cannot be imported; the message says why, in plain words."""


@dataclass(frozen=True)
class ImportedOverride:
    recurrence_id: datetime
    starts_at: datetime
    ends_at: datetime
    title: str | None
    description: str | None


@dataclass(frozen=True)
class ImportedEvent:
    uid: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    all_day: bool
    rule: str | None = None
    excluded_dates: tuple[datetime, ...] = ()
    overrides: tuple[ImportedOverride, ...] = ()

    def as_input(self) -> dict[str, Any]:
        """The ``ImportEventInput`` of this event."""
        return {
            "uid": self.uid,
            "title": self.title,
            "description": self.description,
            "startsAt": self.starts_at.isoformat(),
            "endsAt": self.ends_at.isoformat(),
            "timeZone": self.time_zone,
            "allDay": self.all_day,
            "recurrence": self.rule,
            "excludedDates": [day.isoformat() for day in self.excluded_dates] or None,
            "overrides": [
                {
                    "recurrenceId": item.recurrence_id.isoformat(),
                    "startsAt": item.starts_at.isoformat(),
                    "endsAt": item.ends_at.isoformat(),
                    "title": item.title,
                    "description": item.description,
                }
                for item in self.overrides
            ]
            or None,
        }


def parse_calendar(data: bytes, default_zone: str) -> list[ImportedEvent]:
    """The events of ``data``; floating and all-day times are taken in ``default_zone``."""
    if len(data) > MAX_FILE_BYTES:
        raise CalendarFileError(f"The file is larger than {MAX_FILE_BYTES // 1000} kB.")
    try:
        text = data.decode("utf-8-sig")
        calendar = icalendar.Calendar.from_ical(text)
    except (UnicodeDecodeError, ValueError, IndexError, KeyError) as error:
        raise CalendarFileError(
            "This is not a calendar file (.ics) that can be read: "
            f"{str(error).splitlines()[0] if str(error) else type(error).__name__}."
        ) from None
    if calendar.name != "VCALENDAR":
        raise CalendarFileError("This is not a calendar file: it has no VCALENDAR.")
    components = list(calendar.walk("VEVENT"))
    if not components:
        raise CalendarFileError("The file holds no events.")
    masters = [c for c in components if "RECURRENCE-ID" not in c]
    if len(masters) > MAX_EVENTS:
        raise CalendarFileError(f"The file holds more than {MAX_EVENTS} events.")
    default = ZoneInfo(default_zone if default_zone in time_zone_names() else "UTC")
    events: dict[str, ImportedEvent] = {}
    for component in masters:
        event = _event(component, default)
        events.setdefault(event.uid, event)
    for component in components:
        if "RECURRENCE-ID" in component:
            _attach(events, component, default)
    return list(events.values())


def _event(component: Component, default: ZoneInfo) -> ImportedEvent:
    title = safe_text(str(component.get("SUMMARY") or "")).strip() or UNTITLED
    start, end, zone, all_day = _times(component, default, title)
    if isinstance(component.get("RRULE"), list):
        raise CalendarFileError(f"“{title}” has more than one RRULE, which is not supported.")
    if "RDATE" in component:
        raise CalendarFileError(f"“{title}” has extra dates (RDATE), which are not supported.")
    rule = _rule(component.get("RRULE"), zone)
    return ImportedEvent(
        uid=_uid(component, title, start),
        title=title,
        description=safe_text(str(component.get("DESCRIPTION") or "")),
        starts_at=start,
        ends_at=end,
        time_zone=str(zone),
        all_day=all_day,
        rule=rule,
        excluded_dates=tuple(_excluded(component, zone)) if rule else (),
    )


def _times(
    component: Component, default: ZoneInfo, title: str
) -> tuple[datetime, datetime, ZoneInfo, bool]:
    if "DTSTART" not in component:
        raise CalendarFileError(f"“{title}” has no start (DTSTART).")
    raw_start = component.decoded("DTSTART")
    all_day = not isinstance(raw_start, datetime)
    zone = default if all_day else _zone_of(raw_start, default)
    start = _instant(raw_start, zone)
    if "DTEND" in component:
        end = _instant(component.decoded("DTEND"), zone)
    elif "DURATION" in component:
        end = start + component.decoded("DURATION")
    else:
        end = start + (timedelta(days=1) if all_day else timedelta())
    if end < start:
        raise CalendarFileError(f"“{title}” ends before it starts.")
    return start, end, zone, all_day


def _zone_of(moment: datetime, default: ZoneInfo) -> ZoneInfo:
    """The IANA zone of a time: its TZID when IANA, UTC for a fixed or unknown zone."""
    if moment.tzinfo is None:
        return default
    name = getattr(moment.tzinfo, "key", None) or str(moment.tzinfo)
    return ZoneInfo(name) if name in time_zone_names() else ZoneInfo("UTC")


def _instant(value: date | datetime, zone: tzinfo) -> datetime:
    """An aware instant (a date is midnight in ``zone``; floating times are in ``zone``)."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time(), zone)
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value


def _rule(recur: Any, zone: ZoneInfo) -> str | None:
    """The RRULE value, its UNTIL in UTC (a local or floating UNTIL is in the event's zone)."""
    if recur is None:
        return None
    values = dict(recur)
    untils = values.get("UNTIL")
    if untils:
        until = untils[0]
        if isinstance(until, datetime):
            values["UNTIL"] = [_instant(until, zone).astimezone(UTC)]
    text = icalendar.vRecur(values).to_ical()  # type: ignore[no-untyped-call]
    return str(text.decode())


def _excluded(component: Component, zone: ZoneInfo) -> Iterable[datetime]:
    exdates = component.get("EXDATE")
    if exdates is None:
        return
    for group in exdates if isinstance(exdates, list) else [exdates]:
        for item in group.dts:
            yield _instant(item.dt, zone).astimezone(UTC)


def _uid(component: Component, title: str, start: datetime) -> str:
    uid = safe_text(str(component.get("UID") or "")).strip()
    if uid:
        return uid
    digest = hashlib.sha256(f"{title}|{start.isoformat()}".encode()).hexdigest()[:24]
    return f"{digest}@import.fedcal"


def _attach(events: dict[str, ImportedEvent], component: Component, default: ZoneInfo) -> None:
    """An override (or, for STATUS:CANCELLED, an excluded date) of its series."""
    uid = safe_text(str(component.get("UID") or "")).strip()
    series = events.get(uid)
    if series is None or series.rule is None:
        return  # an occurrence without its series: nothing to attach it to
    zone = ZoneInfo(series.time_zone)
    at = _instant(component.decoded("RECURRENCE-ID"), zone).astimezone(UTC)
    if str(component.get("STATUS") or "").upper() == "CANCELLED":
        events[uid] = replace(series, excluded_dates=(*series.excluded_dates, at))
        return
    start, end, _, _ = _times(component, zone, series.title)
    title = safe_text(str(component.get("SUMMARY") or "")).strip() or None
    description = component.get("DESCRIPTION")
    override = ImportedOverride(
        at,
        start,
        end,
        None if title == series.title else title,
        None if description is None else safe_text(str(description)),
    )
    events[uid] = replace(series, overrides=(*series.overrides, override))
