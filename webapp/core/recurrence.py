"""Typed views of an event's recurrence and of occurrences, as the router returns them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from webapp.core.dates import parse_iso

# Selected by the operations that need a series (the feed, the event page).
RECURRENCE_FIELDS = """
recurrence { rule excludedDates overrides { recurrenceId startsAt endsAt title description } }
"""


@dataclass(frozen=True)
class Override:
    """One occurrence changed on its own (``None``: as the series)."""

    recurrence_id: datetime
    starts_at: datetime | None
    ends_at: datetime | None
    title: str | None
    description: str | None

    @classmethod
    def parse(cls, raw: Any) -> Override | None:
        recurrence_id = parse_iso(raw.get("recurrenceId")) if isinstance(raw, dict) else None
        if recurrence_id is None:
            return None
        title, description = raw.get("title"), raw.get("description")
        return cls(
            recurrence_id,
            parse_iso(raw.get("startsAt")),
            parse_iso(raw.get("endsAt")),
            None if title is None else str(title),
            None if description is None else str(description),
        )


@dataclass(frozen=True)
class Recurrence:
    """An RFC 5545 ``RRULE`` value, its excluded starts and its overrides."""

    rule: str
    excluded_dates: tuple[datetime, ...] = ()
    overrides: tuple[Override, ...] = ()

    @classmethod
    def parse(cls, raw: Any) -> Recurrence | None:
        if not isinstance(raw, dict) or not raw.get("rule"):
            return None
        excluded = (parse_iso(day) for day in raw.get("excludedDates") or [])
        overrides = (Override.parse(item) for item in raw.get("overrides") or [])
        return cls(
            str(raw["rule"]),
            tuple(day for day in excluded if day is not None),
            tuple(item for item in overrides if item is not None),
        )
