"""The stretch of days a calendar page shows, and its previous/next neighbours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

AGENDA_DAYS = 30


class Layout(StrEnum):
    MONTH = "month"
    WEEK = "week"
    AGENDA = "agenda"


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
        last = self.stop - timedelta(days=1)
        return f"{self.first:%d %b %Y} \N{EN DASH} {last:%d %b %Y}"


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_for(layout: Layout, anchor: date) -> Period:
    """The period of ``layout`` that contains ``anchor``."""
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
    span = timedelta(days=AGENDA_DAYS)
    return Period(layout, anchor, anchor, anchor + span, anchor - span, anchor + span)


def parse_anchor(raw: str | None, today: date) -> date:
    """``YYYY-MM-DD`` from the query string, or today when missing or malformed."""
    try:
        return date.fromisoformat(raw) if raw else today
    except ValueError:
        return today
