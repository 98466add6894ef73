"""The stretch of days a calendar page shows, and its previous/next neighbours.

Dates run from year 1 to 9999, but a page also needs the days around its anchor (the whole
weeks of a month, the neighbours, midnight in any zone as UTC): anchors are kept within
:data:`FIRST_DAY` and :data:`LAST_DAY`, where every layout can be drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

AGENDA_DAYS = 30
FIRST_DAY = date(1, 3, 1)
LAST_DAY = date(9999, 10, 31)


class Layout(StrEnum):
    MONTH = "month"
    WEEK = "week"
    DAY = "day"
    AGENDA = "agenda"

    @property
    def label(self) -> str:
        return self.value.title()


@dataclass(frozen=True)
class Period:
    """Days ``[first, stop)`` around ``anchor`` for one layout."""

    layout: Layout
    anchor: date
    first: date
    stop: date
    previous: date
    next: date

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.stop - self.first).days)]

    def weeks(self) -> list[list[date]]:
        days = self.days
        return [days[i : i + 7] for i in range(0, len(days), 7)]

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The period as aware instants in ``zone`` (midnight to midnight)."""
        return (
            datetime.combine(self.first, time.min, tzinfo=zone),
            datetime.combine(self.stop, time.min, tzinfo=zone),
        )

    @property
    def title(self) -> str:
        if self.layout is Layout.MONTH:
            return self.anchor.strftime("%B %Y")
        if self.layout is Layout.DAY:
            return self.anchor.strftime("%A %d %B %Y")
        last = self.stop - timedelta(days=1)
        return f"{self.first:%d %b %Y} \N{EN DASH} {last:%d %b %Y}"


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_for(layout: Layout, anchor: date) -> Period:
    """The period of ``layout`` that contains ``anchor`` (kept within the drawable range)."""
    anchor = clamp(anchor)
    if layout is Layout.MONTH:
        month_start = anchor.replace(day=1)
        next_month = _add_months(month_start, 1)
        first = _monday(month_start)
        stop = _monday(next_month - timedelta(days=1)) + timedelta(days=7)
        return Period(layout, anchor, first, stop, _add_months(month_start, -1), next_month)
    if layout is Layout.WEEK:
        first = _monday(anchor)
        week = timedelta(days=7)
        return Period(layout, anchor, first, first + week, first - week, first + week)
    span = timedelta(days=1 if layout is Layout.DAY else AGENDA_DAYS)
    return Period(layout, anchor, anchor, anchor + span, anchor - span, anchor + span)


def clamp(day: date) -> date:
    """``day`` moved into ``[FIRST_DAY, LAST_DAY]``."""
    return min(max(day, FIRST_DAY), LAST_DAY)


@dataclass(frozen=True)
class Anchor:
    day: date
    refused: str | None = None  # why the requested date was not used, in plain words


OUT_OF_RANGE = (
    f"The calendar shows {FIRST_DAY:%-d %B} {FIRST_DAY.year:04d} to "
    f"{LAST_DAY:%-d %B} {LAST_DAY.year} only; this is the nearest period it can show."
)
MALFORMED = "That is not a date (use YYYY-MM-DD); this is today."


def parse_anchor(raw: str | None, today: date) -> Anchor:
    """``YYYY-MM-DD`` from the query string; today when missing or malformed, the nearest
    drawable day when out of range."""
    if not raw:
        return Anchor(clamp(today))
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return Anchor(clamp(today), MALFORMED)
    if clamp(day) != day:
        return Anchor(clamp(day), OUT_OF_RANGE)
    return Anchor(day)
