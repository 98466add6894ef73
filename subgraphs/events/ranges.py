"""Time ranges of list arguments (``from``/``to``) and the query of events overlapping one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from subgraphs.common import BadUserInput, Document, validation


@dataclass(frozen=True)
class TimeRange:
    """Optional bounds; an event matches when it overlaps ``[start, end)``."""

    start: datetime | None = None
    end: datetime | None = None


def time_range(start: datetime | None, end: datetime | None) -> TimeRange:
    """Validate ``from``/``to`` arguments."""
    start = validation.aware_utc(start, "from") if start is not None else None
    end = validation.aware_utc(end, "to") if end is not None else None
    if start is not None and end is not None and end < start:
        raise BadUserInput("to", "to must not be before from.")
    return TimeRange(start, end)


def overlapping(time_range: TimeRange) -> Document:
    """Events overlapping ``[start, end)``; zero-length events at ``start`` count."""
    query: Document = {}
    if time_range.end is not None:
        query["startsAt"] = {"$lt": time_range.end}
    if time_range.start is not None:
        query["$or"] = [
            {"endsAt": {"$gt": time_range.start}},
            {"startsAt": {"$gte": time_range.start}},
            {"seriesEndsAt": {"$gt": time_range.start}},  # a series still going on
        ]
    return query
