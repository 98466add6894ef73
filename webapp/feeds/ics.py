"""Render calendar entries as an RFC 5545 VCALENDAR with the VTIMEZONEs it references."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import icalendar

from plumbing.text import UNSAFE_CHARACTERS
from webapp.calendar.entries import Entry, Kind
from webapp.core.dates import zone
from webapp.core.entities import Event, Person
from webapp.feeds.loading import Attendee

PRODID = "-//Fedcal//Federated calendar//EN"
UID_DOMAIN = "fedcal"
# Dropped from text values: plumbing.text's unsafe characters (icalendar escapes the line
# feeds and keeps the tabs). The subgraphs refuse them on input; this keeps older data (or a
# bug) from breaking a subscriber's parser or display.
_UNSAFE = re.compile(f"[{UNSAFE_CHARACTERS}]")
PARTSTAT = {Kind.JOINED: "ACCEPTED", Kind.TENTATIVE: "TENTATIVE"}


def safe_text(value: str) -> str:
    """``value`` without the characters no feed should carry (CR LF becomes LF)."""
    return _UNSAFE.sub("", value.replace("\r\n", "\n"))


def _dates(event: Event) -> tuple[date, date]:
    """All-day start and (exclusive) end dates in the event's own zone."""
    event_zone = zone(event.time_zone)
    first = event.starts_at.astimezone(event_zone).date()
    stop = event.ends_at.astimezone(event_zone).date()
    return first, max(stop, first + timedelta(days=1))


def _moment(event: Event, moment: datetime) -> date | datetime:
    """A time of ``event`` as the feed writes it: in its zone, or a date if all-day."""
    local = moment.astimezone(zone(event.time_zone))
    return local.date() if event.all_day else local


def _times(component: icalendar.Event, event: Event, start: datetime, end: datetime) -> None:
    if event.all_day:
        first, stop = _dates(replace(event, starts_at=start, ends_at=end))
        component.add("dtstart", first)
        component.add("dtend", stop)
    else:
        component.add("dtstart", _moment(event, start))
        component.add("dtend", _moment(event, end))


def _attendee(component: icalendar.Event, person: Person, partstat: str) -> None:
    component.add(
        "attendee",
        f"urn:fedcal:user:{person.id}",
        parameters={"CN": person.label, "PARTSTAT": partstat, "ROLE": "REQ-PARTICIPANT"},
    )


def _people(
    component: icalendar.Event,
    entry: Entry,
    viewer: Person | None,
    invitees: Sequence[Attendee] = (),
) -> None:
    """ORGANIZER (the owner); for my own events every invitee as an ATTENDEE, for joined or
    answered events the feed's owner; each with their PARTSTAT."""
    owner = entry.event.owner
    if owner is not None:
        component.add("organizer", f"urn:fedcal:user:{owner.id}", parameters={"CN": owner.label})
    if entry.kind is Kind.OWNED:
        for invitee in invitees:
            _attendee(component, invitee.person, invitee.partstat)
    status = PARTSTAT.get(entry.kind)
    if viewer is not None and status is not None:
        _attendee(component, viewer, status)


def _repeats(component: icalendar.Event, event: Event) -> None:
    recurrence = event.recurrence
    if recurrence is None:
        return
    component.add("rrule", icalendar.vRecur.from_ical(recurrence.rule))
    if recurrence.excluded_dates:
        component.add("exdate", [_moment(event, day) for day in recurrence.excluded_dates])


def _overrides(entry: Entry, *, stamp: datetime) -> list[icalendar.Event]:
    """One VEVENT per changed occurrence, named by its RECURRENCE-ID."""
    event = entry.event
    found = []
    for override in event.recurrence.overrides if event.recurrence else ():
        start = override.starts_at or override.recurrence_id
        end = override.ends_at or start + (event.ends_at - event.starts_at)
        child = icalendar.Event()
        child.add("uid", _uid(event))
        child.add("dtstamp", stamp)
        child.add("recurrence-id", _moment(event, override.recurrence_id))
        _times(child, event, start, end)
        busy = entry.kind is Kind.BUSY
        title = entry.title if busy or override.title is None else override.title
        child.add("summary", safe_text(title))
        description = override.description or event.description
        if description and not busy:
            child.add("description", safe_text(description))
        found.append(child)
    return found


def _uid(event: Event) -> str:
    """The UID an imported event came with, else one made from its id."""
    return event.uid or f"{event.id}@{UID_DOMAIN}"


def vevent(
    entry: Entry,
    *,
    url: str,
    now: datetime,
    viewer: Person | None = None,
    invitees: Sequence[Attendee] = (),
) -> icalendar.Event:
    event = entry.event
    component = icalendar.Event()
    component.add("uid", _uid(event))
    component.add("dtstamp", (event.updated_at or now).astimezone(UTC))
    _times(component, event, event.starts_at, event.ends_at)
    _repeats(component, event)
    component.add("summary", safe_text(entry.title))
    if event.description and entry.kind is not Kind.BUSY:
        component.add("description", safe_text(event.description))
    _people(component, entry, viewer, invitees)
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
    viewer: Person | None = None,
    attendees: Mapping[str, Sequence[Attendee]] | None = None,
) -> bytes:
    """The feed body: one VEVENT per entry (a series with its RRULE, EXDATE and one VEVENT
    per override), a VTIMEZONE for every zone used; ``viewer`` attends joined events, the
    ``attendees`` (by event id) my own."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", safe_text(name))  # RFC 7986
    calendar.add("x-wr-calname", safe_text(name))
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    for entry in entries:
        main = vevent(
            entry,
            url=event_url(entry.event.id),
            now=now,
            viewer=viewer,
            invitees=(attendees or {}).get(entry.event.id, ()),
        )
        calendar.add_component(main)
        for child in _overrides(entry, stamp=main.decoded("dtstamp")):
            calendar.add_component(child)
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data
