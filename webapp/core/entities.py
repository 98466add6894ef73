"""Typed views of the router's JSON (tolerant of fields nulled by partial answers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from webapp.core.dates import parse_iso
from webapp.core.recurrence import Recurrence

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# Fragments every operation uses, so pages and the router agree on one shape.
USER_FIELDS = "id username displayName"
EVENT_FIELDS = f"""
id title description isPublic startsAt endsAt timeZone allDay
owner {{ {USER_FIELDS} }}
"""


@dataclass(frozen=True)
class Person:
    id: str
    username: str
    display_name: str

    @property
    def label(self) -> str:
        return self.display_name or self.username or "Unknown user"

    @classmethod
    def parse(cls, raw: Any) -> Person | None:
        if not isinstance(raw, dict) or not raw.get("id"):
            return None
        return cls(
            id=str(raw["id"]),
            username=str(raw.get("username") or ""),
            display_name=str(raw.get("displayName") or ""),
        )


@dataclass(frozen=True)
class Event:
    id: str
    title: str | None
    description: str
    is_public: bool
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    all_day: bool
    owner: Person | None
    recurrence: Recurrence | None = None  # when the operation selected it
    recurrence_id: datetime | None = None  # set on one occurrence of a series
    updated_at: datetime | None = None  # when the operation selected it
    uid: str | None = None  # the iCalendar UID it was imported with

    @property
    def display_title(self) -> str:
        return self.title or "Busy"

    @property
    def occurrence_key(self) -> str:
        """Tells occurrences of one series apart (the event id for a single event)."""
        return self.id if self.recurrence_id is None else f"{self.id}@{self.recurrence_id}"

    @classmethod
    def parse(cls, raw: Any) -> Event | None:
        if not isinstance(raw, dict) or not raw.get("id"):
            return None
        starts_at = parse_iso(raw.get("startsAt")) or EPOCH
        return cls(
            id=str(raw["id"]),
            title=raw.get("title"),
            description=str(raw.get("description") or ""),
            is_public=bool(raw.get("isPublic")),
            starts_at=starts_at,
            ends_at=parse_iso(raw.get("endsAt")) or starts_at,
            time_zone=str(raw.get("timeZone") or "UTC"),
            all_day=bool(raw.get("allDay")),
            owner=Person.parse(raw.get("owner")),
            recurrence=Recurrence.parse(raw.get("recurrence")),
            recurrence_id=parse_iso(raw.get("recurrenceId")),
            updated_at=parse_iso(raw.get("updatedAt")),
            uid=str(raw["uid"]) if raw.get("uid") else None,
        )


@dataclass(frozen=True)
class Invitation:
    id: str
    status: str
    event: Event | None
    invitee: Person | None
    inviter: Person | None

    @classmethod
    def parse(cls, raw: Any) -> Invitation | None:
        if not isinstance(raw, dict) or not raw.get("id"):
            return None
        return cls(
            id=str(raw["id"]),
            status=str(raw.get("status") or "PENDING"),
            event=Event.parse(raw.get("event")),
            invitee=Person.parse(raw.get("invitee")),
            inviter=Person.parse(raw.get("inviter")),
        )


@dataclass(frozen=True)
class Page[T]:
    """One page of a Relay connection."""

    items: list[T]
    has_next_page: bool
    end_cursor: str | None


def nodes(connection: Any) -> list[Any]:
    """The nodes of a Relay connection (``nodes`` or ``edges``), or of a plain list."""
    if isinstance(connection, list):
        return connection
    if not isinstance(connection, dict):
        return []
    if isinstance(connection.get("nodes"), list):
        return list(connection["nodes"])
    return [edge.get("node") for edge in connection.get("edges") or () if isinstance(edge, dict)]


def page_of[T](connection: Any, parse: Any) -> Page[T]:
    """Parse a connection's nodes with ``parse`` (dropping unparseable ones)."""
    items = [item for item in (parse(node) for node in nodes(connection)) if item is not None]
    info = connection.get("pageInfo") if isinstance(connection, dict) else None
    info = info if isinstance(info, dict) else {}
    return Page(items, bool(info.get("hasNextPage")), info.get("endCursor"))
