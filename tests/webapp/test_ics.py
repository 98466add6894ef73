"""The iCalendar feed body, parsed back with ``icalendar``."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import icalendar

from webapp.calendar.entries import Entry, Kind
from webapp.core.entities import Event, Person
from webapp.feeds.ics import render_calendar

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)


def make(event_id: str, **fields: object) -> Event:
    raw = {
        "id": event_id,
        "title": "Board meeting",
        "description": "Quarterly numbers",
        "startsAt": "2026-04-02T08:00:00+00:00",
        "endsAt": "2026-04-02T09:30:00+00:00",
        "timeZone": "Europe/Berlin",
        "isPublic": False,
        **fields,
    }
    event = Event.parse(raw)
    assert event is not None
    return event


def render(*entries: Entry) -> icalendar.Calendar:
    body = render_calendar(
        entries, name="Fedcal", event_url=lambda i: f"https://cal.example/events/{i}/", now=NOW
    )
    return icalendar.Calendar.from_ical(body)


def test_timed_event_is_in_its_zone_with_a_vtimezone() -> None:
    calendar = render(Entry(make("e1"), Kind.OWNED))
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    [vevent] = calendar.walk("VEVENT")
    start = vevent.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/Berlin"
    assert start.astimezone(UTC) == datetime(2026, 4, 2, 8, 0, tzinfo=UTC)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert str(vevent["UID"]) == "e1@fedcal"
    assert str(vevent["SUMMARY"]) == "Board meeting"
    assert str(vevent["CLASS"]) == "PRIVATE"
    assert str(vevent["URL"]) == "https://cal.example/events/e1/"
    tzids = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
    assert tzids == ["Europe/Berlin"]
    assert calendar.get_missing_tzids() == set()


def test_all_day_event_uses_dates_and_tentative_status() -> None:
    holiday = make(
        "e2",
        allDay=True,
        startsAt="2026-04-05T00:00:00+02:00",
        endsAt="2026-04-07T00:00:00+02:00",
        timeZone="Europe/Paris",
    )
    [vevent] = render(Entry(holiday, Kind.TENTATIVE)).walk("VEVENT")
    assert vevent.decoded("DTSTART") == date(2026, 4, 5)
    assert vevent.decoded("DTEND") == date(2026, 4, 7)
    assert str(vevent["STATUS"]) == "TENTATIVE"


def test_busy_entries_leak_no_details() -> None:
    [vevent] = render(Entry(make("e3"), Kind.BUSY)).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Busy"
    assert "DESCRIPTION" not in vevent


def test_text_is_escaped_and_controls_never_reach_the_feed() -> None:
    hostile = make(
        "e4",
        title="Lunch\x00\u202eevil\r\nBCC:x; y, z",
        description="Line 1\r\nLine 2\tTab\x1b[31m\x7f\x85",
    )
    body = render_calendar(
        [Entry(hostile, Kind.OWNED)], name="Ann\x00\u2066", event_url=str, now=NOW
    )
    assert not any(ord(c) < 0x20 and c not in "\r\n\t" for c in body.decode())  # RFC 5545 TEXT
    for char in ("\x00", "\x1b", "\x7f", "\x85", "\u202e", "\u2066"):
        assert char not in body.decode()
    lines = body.decode().split("\r\n")
    assert not any(line.startswith("BCC") for line in lines)  # no injected property
    [vevent] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Lunchevil\nBCC:x; y, z"
    assert str(vevent["DESCRIPTION"]) == "Line 1\nLine 2\tTab[31m"


def test_series_carry_rule_exdates_overrides_and_people() -> None:
    series = make(
        "s1",
        owner={"id": "o1", "username": "olga", "displayName": "Olga Owner"},
        updatedAt="2026-03-30T10:00:00+00:00",
        recurrence={
            "rule": "FREQ=WEEKLY;COUNT=4;BYDAY=TH",
            "excludedDates": ["2026-04-09T08:00:00+00:00"],
            "overrides": [
                {
                    "recurrenceId": "2026-04-16T08:00:00+00:00",
                    "startsAt": "2026-04-16T12:00:00+00:00",
                    "endsAt": None,
                    "title": "Moved board meeting",
                    "description": None,
                }
            ],
        },
    )
    viewer = Person("v1", "vic", "Vic Viewer")
    body = render_calendar(
        [Entry(series, Kind.JOINED)],
        name="Fedcal",
        event_url=lambda i: f"https://cal.example/events/{i}/",
        now=NOW,
        viewer=viewer,
    )
    master, moved = icalendar.Calendar.from_ical(body).walk("VEVENT")

    assert master["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=4;BYDAY=TH"
    exdate: Any = master["EXDATE"]
    assert [d.dt for d in exdate.dts] == [
        datetime(2026, 4, 9, 10, 0, tzinfo=master.decoded("DTSTART").tzinfo)
    ]
    assert master.decoded("DTSTAMP") == datetime(2026, 3, 30, 10, 0, tzinfo=UTC)
    assert str(master["ORGANIZER"]) == "urn:fedcal:user:o1"
    assert master["ORGANIZER"].params["CN"] == "Olga Owner"
    assert str(master["ATTENDEE"]) == "urn:fedcal:user:v1"
    assert master["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert str(moved["UID"]) == str(master["UID"]) == "s1@fedcal"
    assert moved.decoded("RECURRENCE-ID").astimezone(UTC) == datetime(2026, 4, 16, 8, tzinfo=UTC)
    assert moved.decoded("DTSTART").astimezone(UTC) == datetime(2026, 4, 16, 12, tzinfo=UTC)
    assert moved.decoded("DTEND").astimezone(UTC) == datetime(2026, 4, 16, 13, 30, tzinfo=UTC)
    assert str(moved["SUMMARY"]) == "Moved board meeting"
