"""Render calendar entries as an RFC 5545 VCALENDAR with the VTIMEZONEs it references."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta

import icalendar

from plumbing.text import UNSAFE_CHARACTERS
from webapp.calendar.entries import Entry, Kind
from webapp.core.dates import zone

PRODID = "-//Fedcal//Federated calendar//EN"
UID_DOMAIN = "fedcal"
# Dropped from text values: plumbing.text's unsafe characters (icalendar escapes the line
# feeds and keeps the tabs). The subgraphs refuse them on input; this keeps older data (or a
# bug) from breaking a subscriber's parser or display.
_UNSAFE = re.compile(f"[{UNSAFE_CHARACTERS}]")


def safe_text(value: str) -> str:
    """``value`` without the characters no feed should carry (CR LF becomes LF)."""
    return _UNSAFE.sub("", value.replace("\r\n", "\n"))


def _dates(entry: Entry) -> tuple[date, date]:
    """All-day start and (exclusive) end dates in the event's own zone."""
    event_zone = zone(entry.event.time_zone)
    first = entry.event.starts_at.astimezone(event_zone).date()
    stop = entry.event.ends_at.astimezone(event_zone).date()
    return first, max(stop, first + timedelta(days=1))


def vevent(entry: Entry, *, url: str, now: datetime) -> icalendar.Event:
    event = entry.event
    component = icalendar.Event()
    component.add("uid", f"{event.id}@{UID_DOMAIN}")
    component.add("dtstamp", now.astimezone(UTC))
    if event.all_day:
        first, stop = _dates(entry)
        component.add("dtstart", first)
        component.add("dtend", stop)
    else:
        event_zone = zone(event.time_zone)
        component.add("dtstart", event.starts_at.astimezone(event_zone))
        component.add("dtend", event.ends_at.astimezone(event_zone))
    component.add("summary", safe_text(entry.title))
    if event.description and entry.kind is not Kind.BUSY:
        component.add("description", safe_text(event.description))
    component.add("url", url)
    component.add("class", "PUBLIC" if event.is_public else "PRIVATE")
    component.add("status", "TENTATIVE" if entry.kind is Kind.TENTATIVE else "CONFIRMED")
    component.add("categories", [entry.kind.label])
    return component


def render_calendar(
    entries: Iterable[Entry],
    *,
    name: str,
    event_url: Callable[[str], str],
    now: datetime,
) -> bytes:
    """The feed body: one VEVENT per entry, VTIMEZONE for every zone used."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", safe_text(name))  # RFC 7986
    calendar.add("x-wr-calname", safe_text(name))
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    for entry in entries:
        calendar.add_component(vevent(entry, url=event_url(entry.event.id), now=now))
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data
