"""The time grid of the day and week views: where each event is drawn.

A day is :data:`ROWS` rows of :data:`ROW_MINUTES` minutes in the viewer's zone. A timed event
within one day gets a row and a span; events that overlap share the width side by side
(lanes). All-day and multi-day events are bars in the all-day row, one bar across the days
they touch. The stylesheet ``webapp/grid.css`` has a class for every row, span and lane.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from webapp.calendar.entries import Entry
from webapp.core.dates import in_zone

ROW_MINUTES = 5
ROWS = 24 * 60 // ROW_MINUTES
MAX_LANES = 4  # wider overlaps share the last lane
WORKDAY_ROW = 8 * 60 // ROW_MINUTES + 1


@dataclass(frozen=True)
class Placed:
    """A timed event in one day column."""

    entry: Entry
    row: int  # 1-based grid row of its start
    span: int  # rows it covers (at least one)
    lane: int  # 1-based, of ``lanes``
    lanes: int


@dataclass(frozen=True)
class Bar:
    """An all-day or multi-day event across the all-day row."""

    entry: Entry
    column: int  # 1-based day column of its first visible day
    span: int  # day columns it covers
    row: int  # 1-based row of the all-day area
    starts_before: bool  # it began before the first day shown
    ends_after: bool  # it goes on after the last day shown


@dataclass(frozen=True)
class Column:
    day: date
    today: bool
    placed: list[Placed]


@dataclass(frozen=True)
class Grid:
    columns: list[Column]
    bars: list[Bar]
    bar_rows: int
    now_row: int | None  # the current-time line's row in today's column, if shown
    hours: list[int]

    @property
    def workday_row(self) -> int:
        return WORKDAY_ROW


def _row(moment: datetime, day: date, zone: ZoneInfo) -> int:
    """Rows from ``day``'s midnight to ``moment`` (clipped to the day)."""
    local = in_zone(moment, zone)
    if local.date() < day:
        return 0
    if local.date() > day:
        return ROWS
    return (local.hour * 60 + local.minute) // ROW_MINUTES


def _is_bar(entry: Entry, zone: ZoneInfo) -> bool:
    return entry.event.all_day or len(entry.days(zone)) > 1


def _lanes(items: list[tuple[int, int, Entry]]) -> list[Placed]:
    """Side by side within each cluster of overlapping events (greedy, first free lane)."""
    placed: list[Placed] = []
    cluster: list[tuple[int, int, Entry, int]] = []
    cluster_end = -1

    def flush() -> None:
        width = min(MAX_LANES, max((lane for *_, lane in cluster), default=0) + 1)
        for start, end, entry, lane in cluster:
            placed.append(Placed(entry, start + 1, end - start, min(lane, width - 1) + 1, width))
        cluster.clear()

    lane_ends: list[int] = []
    for start, end, entry in sorted(items, key=lambda item: (item[0], -item[1])):
        if start >= cluster_end and cluster:
            flush()
            lane_ends = []
        lane = next((i for i, free_at in enumerate(lane_ends) if free_at <= start), None)
        if lane is None:
            lane = len(lane_ends)
            lane_ends.append(end)
        else:
            lane_ends[lane] = end
        cluster.append((start, end, entry, lane))
        cluster_end = max(cluster_end, end)
    if cluster:
        flush()
    return placed


def _bars(entries: list[Entry], days: list[date], zone: ZoneInfo) -> list[Bar]:
    bars: list[Bar] = []
    rows_taken: list[list[bool]] = []
    for entry in entries:
        touched = [day for day in entry.days(zone) if days[0] <= day <= days[-1]]
        if not touched:
            continue
        column = (touched[0] - days[0]).days + 1
        span = (touched[-1] - touched[0]).days + 1
        wanted = range(column - 1, column - 1 + span)
        free = (i for i, taken in enumerate(rows_taken) if not any(taken[c] for c in wanted))
        row = next(free, None)
        if row is None:
            rows_taken.append([False] * len(days))
            row = len(rows_taken) - 1
        for c in wanted:
            rows_taken[row][c] = True
        all_days = entry.days(zone)
        bars.append(
            Bar(entry, column, span, row + 1, all_days[0] < days[0], all_days[-1] > days[-1])
        )
    return bars


def build_grid(entries: list[Entry], days: list[date], zone: ZoneInfo, now: datetime) -> Grid:
    """Place ``entries`` on the grid of ``days`` in ``zone``; ``now`` draws the time line."""
    bar_entries = [entry for entry in entries if _is_bar(entry, zone)]
    columns: list[Column] = []
    today = in_zone(now, zone).date()
    for day in days:
        items: list[tuple[int, int, Entry]] = []
        for entry in entries:
            if entry in bar_entries or day not in entry.days(zone):
                continue
            start = _row(entry.event.starts_at, day, zone)
            end = max(_row(entry.event.ends_at, day, zone), start + 1)
            items.append((min(start, ROWS - 1), min(end, ROWS), entry))
        columns.append(Column(day, day == today, _lanes(items)))
    now_row = _row(now, today, zone) + 1 if today in days else None
    bars = _bars(bar_entries, days, zone) if days else []
    return Grid(
        columns=columns,
        bars=bars,
        bar_rows=max((bar.row for bar in bars), default=0),
        now_row=now_row,
        hours=list(range(24)),
    )
