"""A new event's fields and the validated document they make."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from subgraphs.common import Document, validation
from subgraphs.events.inputs import valid_description, valid_times, valid_title
from subgraphs.events.series_fields import series_fields


@dataclass(kw_only=True)
class EventDraft:
    """A new event's fields (and the defaults of ``CreateEventInput``, which extends it)."""

    title: str
    starts_at: datetime
    ends_at: datetime
    description: str = ""
    is_public: bool = False
    time_zone: str = "UTC"
    all_day: bool = False
    recurrence: str | None = None
    excluded_dates: list[datetime] | None = None


def new_document(owner_id: str, draft: EventDraft, now: datetime) -> Document:
    """A validated new event document (not stored yet)."""
    starts_at, ends_at = valid_times(draft.starts_at, draft.ends_at, blame="endsAt")
    document: Document = {
        "title": valid_title(draft.title),
        "description": valid_description(draft.description),
        "isPublic": draft.is_public,
        "startsAt": starts_at,
        "endsAt": ends_at,
        "timeZone": validation.time_zone(draft.time_zone),
        "allDay": draft.all_day,
        "ownerId": owner_id,
        "createdAt": now,
        "updatedAt": now,
        "version": 1,
    }
    if draft.recurrence is not None or draft.excluded_dates:
        document.update(series_fields(document, draft.recurrence, draft.excluded_dates))
    return document
