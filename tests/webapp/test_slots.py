"""Finding a time: weekdays, 09:00-17:00 in every person's zone, free for all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from webapp.invitations.slots import Period, find_slots

MONDAY = datetime(2031, 1, 6, 6, 0, tzinfo=UTC)  # 07:00 in Berlin, 01:00 in New York


def test_slots_respect_everyones_working_hours_and_busy_times() -> None:
    busy = {
        "berlin": [Period(MONDAY + timedelta(hours=8), MONDAY + timedelta(hours=9))],
        "new_york": [],
    }
    zones = {"berlin": "Europe/Berlin", "new_york": "America/New_York"}

    slots = find_slots(
        busy, zones, duration=timedelta(hours=1), after=MONDAY, before=MONDAY + timedelta(days=7)
    )

    # New York starts at 09:00 = 14:00 UTC, Berlin ends at 17:00 = 16:00 UTC; 14:00-15:00
    # UTC is busy in Berlin, so 15:00-16:00 UTC on Monday, then Tuesday from 14:00 UTC.
    assert [(s.starts_at, s.ends_at) for s in slots] == [
        (MONDAY + timedelta(hours=9), MONDAY + timedelta(hours=10)),
        (MONDAY + timedelta(days=1, hours=8), MONDAY + timedelta(days=1, hours=9)),
        (MONDAY + timedelta(days=1, hours=9), MONDAY + timedelta(days=1, hours=10)),
    ]


def test_weekends_and_too_long_meetings_give_nothing() -> None:
    saturday = datetime(2031, 1, 11, 0, 0, tzinfo=UTC)
    assert (
        find_slots(
            {},
            {"a": "UTC"},
            duration=timedelta(hours=1),
            after=saturday,
            before=saturday + timedelta(days=2),
        )
        == []
    )
    assert (
        find_slots(
            {},
            {"a": "UTC"},
            duration=timedelta(hours=9),
            after=MONDAY,
            before=MONDAY + timedelta(days=7),
        )
        == []
    )
