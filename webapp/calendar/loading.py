"""Fetch the viewer's calendar entries for a time window (used by pages and the feed)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from webapp.calendar import operations
from webapp.calendar.entries import Entry, Kind, merge, within
from webapp.core.dates import to_iso
from webapp.core.entities import Event, nodes
from webapp.core.router_client import GraphQLResult

type Execute = Callable[[str, Mapping[str, Any]], GraphQLResult]


@dataclass(frozen=True)
class LoadedEntries:
    entries: list[Entry]
    complete: bool  # False when an outage left out a part (participations, RSVPs)


def _events(connection: Any, *, nested: bool) -> list[Event]:
    raw = [
        node.get("event") if nested and isinstance(node, dict) else node
        for node in nodes(connection)
    ]
    return [event for event in (Event.parse(item) for item in raw) if event is not None]


MAX_OCCURRENCE_PAGES = 20  # 10,000 occurrences; the events subgraph caps one range at 5,000


def _occurrences(execute: Execute, start: datetime, stop: datetime) -> tuple[list[Event], bool]:
    """My occurrences in ``[start, stop)``, every page (the first one is required); and
    whether a later page was missing."""
    found: list[Event] = []
    after: str | None = None
    for number in range(MAX_OCCURRENCE_PAGES):
        variables = {"from": to_iso(start), "to": to_iso(stop), "after": after}
        result = execute(operations.MY_OCCURRENCES, variables)
        connection = result.require("myOccurrences") if number == 0 else result.get("myOccurrences")
        if not isinstance(connection, dict):
            return found, True
        for node in nodes(connection):
            event = (
                Event.parse({**node, "id": node.get("eventId")}) if isinstance(node, dict) else None
            )
            if event is not None:
                found.append(event)
        page = connection.get("pageInfo") or {}
        if not page.get("hasNextPage"):
            return found, result.outage
        after = page.get("endCursor")
    return found, True


def load_my_entries(execute: Execute, start: datetime, stop: datetime) -> LoadedEntries:
    """Owned occurrences (series expanded), joined events and RSVPs overlapping
    ``[start, stop)``.

    My own events are required (their failure raises); joined events and RSVPs are optional
    parts whose absence only makes the result incomplete. Accepted invitations count as
    joined (accepting makes the invitee a participant, but the page must not depend on that
    write having landed).
    """
    owned, owned_partly = _occurrences(execute, start, stop)
    joined = execute(operations.MY_PARTICIPATIONS, {})
    answers = execute(operations.MY_ANSWERS, {})
    entries = merge(
        [
            (Kind.OWNED, owned),
            (Kind.JOINED, _events(joined.get("myParticipations"), nested=True)),
            (Kind.JOINED, _events(answers.get("accepted"), nested=True)),
            (Kind.TENTATIVE, _events(answers.get("tentative"), nested=True)),
        ]
    )
    complete = not (joined.outage or answers.outage or owned_partly)
    return LoadedEntries(within(entries, start, stop), complete)
