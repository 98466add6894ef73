"""What the feed lists: my events, joined events and RSVPs as series (not occurrences)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from webapp.calendar.entries import Entry, Kind, merge, within
from webapp.calendar.loading import Execute, LoadedEntries
from webapp.core.dates import to_iso
from webapp.core.entities import Event, Person, nodes
from webapp.feeds import operations

MAX_PAGES = 100  # 2,000 events and series
# Invitation status as an iCalendar PARTSTAT.
PARTSTATS = {
    "PENDING": "NEEDS-ACTION",
    "ACCEPTED": "ACCEPTED",
    "TENTATIVE": "TENTATIVE",
    "DECLINED": "DECLINED",
}


@dataclass(frozen=True)
class Attendee:
    person: Person
    partstat: str


@dataclass(frozen=True)
class FeedEntries(LoadedEntries):
    """The entries, and the invitees of my own events by event id."""

    attendees: Mapping[str, tuple[Attendee, ...]] = field(default_factory=dict)


def _attendees(raw: Any) -> tuple[Attendee, ...]:
    found = []
    for invitation in nodes(raw.get("invitations") if isinstance(raw, dict) else None):
        person = Person.parse(invitation.get("invitee") if isinstance(invitation, dict) else None)
        partstat = PARTSTATS.get(str(invitation.get("status"))) if person else None
        if person is not None and partstat is not None:
            found.append(Attendee(person, partstat))
    return tuple(found)


def _events(connection: Any, *, nested: bool) -> list[Event]:
    raw = [
        node.get("event") if nested and isinstance(node, dict) else node
        for node in nodes(connection)
    ]
    return [event for event in (Event.parse(item) for item in raw) if event is not None]


def _owned(
    execute: Execute, start: datetime, stop: datetime, attendees: dict[str, tuple[Attendee, ...]]
) -> tuple[list[Event], bool]:
    """My events and series with an occurrence that may fall in ``[start, stop)``; their
    invitees go into ``attendees``."""
    found: list[Event] = []
    after: str | None = None
    for number in range(MAX_PAGES):
        variables = {"from": to_iso(start), "to": to_iso(stop), "after": after}
        result = execute(operations.FEED_EVENTS, variables)
        connection = result.require("myEvents") if number == 0 else result.get("myEvents")
        if not isinstance(connection, dict):
            return found, True
        found.extend(_events(connection, nested=False))
        for node in nodes(connection):
            if isinstance(node, dict) and node.get("id"):
                attendees[str(node["id"])] = _attendees(node)
        page = connection.get("pageInfo") or {}
        if not page.get("hasNextPage"):
            return found, result.outage
        after = page.get("endCursor")
    return found, True


def load_feed_entries(execute: Execute, start: datetime, stop: datetime) -> FeedEntries:
    """One entry per event or series (the calendar app expands series); my own are
    required, joined ones and RSVPs optional (their absence makes the result incomplete)."""
    attendees: dict[str, tuple[Attendee, ...]] = {}
    owned, owned_partly = _owned(execute, start, stop, attendees)
    joined = execute(operations.FEED_PARTICIPATIONS, {})
    answers = execute(operations.FEED_ANSWERS, {})
    entries = merge(
        [
            (Kind.OWNED, owned),
            (Kind.JOINED, _events(joined.get("myParticipations"), nested=True)),
            (Kind.JOINED, _events(answers.get("accepted"), nested=True)),
            (Kind.TENTATIVE, _events(answers.get("tentative"), nested=True)),
        ]
    )
    complete = not (joined.outage or answers.outage or owned_partly)
    series = [entry for entry in entries if entry.event.recurrence is not None]
    singles = within((e for e in entries if e.event.recurrence is None), start, stop)
    return FeedEntries(sorted([*series, *singles], key=_start), complete, attendees)


def _start(entry: Entry) -> tuple[datetime, str]:
    return (entry.event.starts_at, entry.event.id)
