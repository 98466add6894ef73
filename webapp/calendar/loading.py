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


def load_my_entries(execute: Execute, start: datetime, stop: datetime) -> LoadedEntries:
    """Owned events, joined events and RSVPs overlapping ``[start, stop)``.

    My own events are required (their failure raises); joined events and RSVPs are optional
    parts whose absence only makes the result incomplete. Accepted invitations count as
    joined (accepting makes the invitee a participant, but the page must not depend on that
    write having landed).
    """
    owned = execute(operations.MY_EVENTS, {"from": to_iso(start), "to": to_iso(stop)})
    joined = execute(operations.MY_PARTICIPATIONS, {})
    answers = execute(operations.MY_ANSWERS, {})
    entries = merge(
        [
            (Kind.OWNED, _events(owned.require("myEvents"), nested=False)),
            (Kind.JOINED, _events(joined.get("myParticipations"), nested=True)),
            (Kind.JOINED, _events(answers.get("accepted"), nested=True)),
            (Kind.TENTATIVE, _events(answers.get("tentative"), nested=True)),
        ]
    )
    complete = not (joined.outage or answers.outage or owned.outage)
    return LoadedEntries(within(entries, start, stop), complete)
