"""Where the time grid draws events: rows in the viewer's zone, lanes for overlaps, bars."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from webapp.calendar import grid_css
from webapp.calendar.entries import Entry, Kind
from webapp.calendar.grid import ROW_MINUTES, build_grid
from webapp.core.entities import Event

WEEK = [date(2026, 3, 2) + timedelta(days=n) for n in range(7)]
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


def entry(event_id: str, start: str, end: str, *, all_day: bool = False) -> Entry:
    raw = {"id": event_id, "title": event_id, "startsAt": start, "endsAt": end, "allDay": all_day}
    event = Event.parse(raw)
    assert event is not None
    return Entry(event, Kind.OWNED)


def row_of(hour: int, minute: int) -> int:
    return (hour * 60 + minute) // ROW_MINUTES + 1


def test_an_event_is_placed_by_its_start_and_end_in_the_viewers_zone() -> None:
    meeting = entry("m", "2026-03-04T08:30:00Z", "2026-03-04T10:00:00Z")
    paris = build_grid([meeting], WEEK, ZoneInfo("Europe/Paris"), NOW)
    [placed] = paris.columns[2].placed
    assert (placed.row, placed.span) == (row_of(9, 30), 90 // ROW_MINUTES)
    new_york = build_grid([meeting], WEEK, ZoneInfo("America/New_York"), NOW)
    [placed] = new_york.columns[2].placed
    assert placed.row == row_of(3, 30)


def test_overlapping_events_share_the_width_side_by_side() -> None:
    first = entry("a", "2026-03-04T09:00:00Z", "2026-03-04T10:30:00Z")
    second = entry("b", "2026-03-04T09:30:00Z", "2026-03-04T11:00:00Z")
    later = entry("c", "2026-03-04T12:00:00Z", "2026-03-04T13:00:00Z")
    grid = build_grid([first, second, later], WEEK, ZoneInfo("UTC"), NOW)
    lanes = {p.entry.event.id: (p.lane, p.lanes) for p in grid.columns[2].placed}
    assert lanes == {"a": (1, 2), "b": (2, 2), "c": (1, 1)}


def test_multi_day_and_all_day_events_are_one_bar() -> None:
    trip = entry("trip", "2026-03-03T00:00:00Z", "2026-03-06T00:00:00Z", all_day=True)
    night = entry("night", "2026-03-05T22:00:00Z", "2026-03-06T02:00:00Z")
    grid = build_grid([trip, night], WEEK, ZoneInfo("UTC"), NOW)
    bars = {bar.entry.event.id: (bar.column, bar.span) for bar in grid.bars}
    assert bars == {"trip": (2, 3), "night": (4, 2)}
    assert all(not column.placed for column in grid.columns)


def test_the_current_time_line_is_in_todays_column_only() -> None:
    grid = build_grid([], WEEK, ZoneInfo("UTC"), NOW)
    assert grid.now_row == row_of(12, 0)
    assert [column.today for column in grid.columns].index(True) == 2
    assert build_grid([], WEEK, ZoneInfo("UTC"), NOW + timedelta(days=30)).now_row is None


def test_the_grid_stylesheet_is_current() -> None:
    assert grid_css.TARGET.read_text() == grid_css.stylesheet(), (
        "run: python -m webapp.calendar.grid_css"
    )
