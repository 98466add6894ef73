"""Shares as the pages show them, and how a share level filters a calendar."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from webapp.calendar.entries import Entry, Kind, merge
from webapp.core.entities import Event, Person, nodes

FREE_BUSY = "FREE_BUSY"
DETAILS = "DETAILS"


@dataclass(frozen=True)
class Share:
    person: Person
    level: str

    @property
    def shows_details(self) -> bool:
        return self.level == DETAILS


def shares(connection: Any, role: str) -> list[Share] | None:
    """Shares of a connection; ``role`` is ``grantee`` or ``owner``; ``None`` if not loaded."""
    if connection is None:
        return None
    found = []
    for node in nodes(connection):
        person = Person.parse(node.get(role)) if isinstance(node, dict) else None
        if person is not None:
            found.append(Share(person, str(node.get("level") or FREE_BUSY)))
    return found


def shared_entries(events: Iterable[Event], level: str) -> list[Entry]:
    """A shared calendar with its level applied: FREE_BUSY keeps busy blocks only."""
    return merge([(Kind.SHARED if level == DETAILS else Kind.BUSY, events)])
