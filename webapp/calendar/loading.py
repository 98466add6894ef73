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


def _occurrences(
    execute: Execute,
    document: str,
    field: str,
    variables: Mapping[str, Any],
    *,
    required: bool,
) -> tuple[list[Event], bool]:
    """Every page of the occurrence list ``field`` (the first one raises if ``required``);
    and whether some of it is missing."""
    found: list[Event] = []
    after: str | None = None
    for number in range(MAX_OCCURRENCE_PAGES):
        result = execute(document, {**variables, "after": after})
        first_required = required and number == 0
        connection = result.require(field) if first_required else result.get(field)
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


def _expanded(
    execute: Execute, groups: list[tuple[Kind, list[Event]]], window: Mapping[str, str]
) -> tuple[list[tuple[Kind, list[Event]]], bool]:
    """The occurrences in the window of the events of ``groups`` (each keeps its kind);
    the events themselves (and "incomplete") if their occurrences could not be loaded."""
    kinds: dict[str, Kind] = {}
    for kind, events in groups:
        for event in events:
            kinds.setdefault(event.id, kind)
    if not kinds:
        return groups, False
    variables = {**window, "ids": list(kinds)}
    found, partly = _occurrences(
        execute, operations.OCCURRENCES_OF, "occurrencesOf", variables, required=False
    )
    if partly and not found:
        return groups, True
    by_kind = [
        (kind, [o for o in found if kinds.get(o.id) is kind]) for kind in set(kinds.values())
    ]
    return by_kind, partly


def load_my_entries(execute: Execute, start: datetime, stop: datetime) -> LoadedEntries:
    """Occurrences (series expanded) of owned events, joined events and RSVPs overlapping
    ``[start, stop)``.

    My own events are required (their failure raises); joined events and RSVPs are optional
    parts whose absence only makes the result incomplete. Accepted invitations count as
    joined (accepting makes the invitee a participant, but the page must not depend on that
    write having landed).
    """
    window = {"from": to_iso(start), "to": to_iso(stop)}
    owned, owned_partly = _occurrences(
        execute, operations.MY_OCCURRENCES, "myOccurrences", window, required=True
    )
    joined = execute(operations.MY_PARTICIPATIONS, {})
    answers = execute(operations.MY_ANSWERS, {})
    others, others_partly = _expanded(
        execute,
        [
            (
                Kind.JOINED,
                _events(joined.get("myParticipations"), nested=True)
                + _events(answers.get("accepted"), nested=True),
            ),
            (Kind.TENTATIVE, _events(answers.get("tentative"), nested=True)),
        ],
        window,
    )
    entries = merge([(Kind.OWNED, owned), *others])
    complete = not (joined.outage or answers.outage or owned_partly or others_partly)
    return LoadedEntries(within(entries, start, stop), complete)
