"""Reading calendar files for import, and rules in plain words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from webapp.core.rule_words import describe_rule
from webapp.imports.parsing import CalendarFileError, parse_calendar


def calendar(*lines: str) -> bytes:
    return (
        "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", *lines, "END:VCALENDAR"]) + "\r\n"
    ).encode()


def vevent(*lines: str) -> tuple[str, ...]:
    return ("BEGIN:VEVENT", *lines, "END:VEVENT")


def test_a_series_with_a_local_until_exdate_and_overrides() -> None:
    data = calendar(
        *vevent(
            "UID:s1@example.org",
            "SUMMARY:Yoga",
            "DTSTART;TZID=America/New_York:20301104T183000",
            "DURATION:PT1H",
            "RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20301202T183000",
            "EXDATE;TZID=America/New_York:20301111T183000",
        ),
        *vevent(
            "UID:s1@example.org",
            "RECURRENCE-ID;TZID=America/New_York:20301118T183000",
            "SUMMARY:Yoga (outside)",
            "DTSTART;TZID=America/New_York:20301118T170000",
            "DTEND;TZID=America/New_York:20301118T180000",
        ),
        *vevent(
            "UID:s1@example.org",
            "RECURRENCE-ID;TZID=America/New_York:20301125T183000",
            "STATUS:CANCELLED",
            "DTSTART;TZID=America/New_York:20301125T183000",
        ),
    )
    [event] = parse_calendar(data, "Europe/Berlin")

    assert (event.uid, event.title, event.time_zone, event.all_day) == (
        "s1@example.org",
        "Yoga",
        "America/New_York",
        False,
    )
    assert event.starts_at.astimezone(UTC) == datetime(2030, 11, 4, 23, 30, tzinfo=UTC)
    assert event.ends_at - event.starts_at == datetime(1, 1, 1, 1) - datetime(1, 1, 1)
    assert event.rule == "FREQ=WEEKLY;UNTIL=20301202T233000Z;BYDAY=MO"
    assert event.excluded_dates == (
        datetime(2030, 11, 11, 23, 30, tzinfo=UTC),
        datetime(2030, 11, 25, 23, 30, tzinfo=UTC),
    )
    [moved] = event.overrides
    assert moved.recurrence_id == datetime(2030, 11, 18, 23, 30, tzinfo=UTC)
    assert moved.starts_at.astimezone(UTC) == datetime(2030, 11, 18, 22, 0, tzinfo=UTC)
    assert moved.title == "Yoga (outside)"


def test_all_day_floating_and_unknown_zones() -> None:
    data = calendar(
        *vevent("UID:a", "SUMMARY:Holiday", "DTSTART;VALUE=DATE:20300704"),
        *vevent("UID:f", "SUMMARY:Floating", "DTSTART:20300705T090000"),
        *vevent("UID:u", "SUMMARY:Utc", "DTSTART:20300706T090000Z", "DTEND:20300706T100000Z"),
    )
    holiday, floating, utc = parse_calendar(data, "Europe/Paris")

    assert holiday.all_day and holiday.time_zone == "Europe/Paris"
    assert (holiday.ends_at - holiday.starts_at).days == 1
    assert floating.starts_at.astimezone(UTC) == datetime(2030, 7, 5, 7, tzinfo=UTC)
    assert (utc.time_zone, utc.starts_at.astimezone(UTC)) == (
        "UTC",
        datetime(2030, 7, 6, 9, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"hello", "not a calendar file"),
        (b"\xff\xfe", "not a calendar file"),
        (calendar(), "holds no events"),
        (calendar(*vevent("UID:x", "SUMMARY:Late")), "has no start"),
        (
            calendar(*vevent("UID:x", "DTSTART:20300101T100000Z", "DTEND:20300101T090000Z")),
            "ends before it starts",
        ),
        (
            calendar(*vevent("UID:x", "DTSTART:20300101T100000Z", "RDATE:20300105T100000Z")),
            "RDATE",
        ),
        (b"x" * 1_000_001, "larger than"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data: bytes, message: str) -> None:
    with pytest.raises(CalendarFileError, match=message):
        parse_calendar(data, "UTC")


START = datetime(2031, 1, 6, 9, tzinfo=UTC)  # a Monday


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20310331T215959Z",
            "Every 2 weeks on Mon, Wed until 31 Mar 2031",
        ),
        ("FREQ=WEEKLY", "Every week on Mon"),
        ("FREQ=MONTHLY;BYDAY=2TU", "Every month on the 2nd Tuesday"),
        ("FREQ=MONTHLY;BYDAY=-1FR;COUNT=12", "Every month on the last Friday, 12 times"),
        ("FREQ=MONTHLY;BYMONTHDAY=31", "Every month on the 31st day"),
        ("FREQ=DAILY;INTERVAL=3", "Every 3 days"),
        ("FREQ=YEARLY;COUNT=3", "Every year, 3 times"),
    ],
)
def test_rules_in_plain_words(rule: str, words: str) -> None:
    assert describe_rule(rule, START, "Europe/Berlin") == words
