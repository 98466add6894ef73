"""Series expansion (unit level) against ``recurring-ical-events`` on the same series as
RFC 5545 text: daylight-saving changes, month ends, leap days, EXDATE, overrides, splits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from subgraphs.events.recurrence import Override, Series, TooManyOccurrences
from subgraphs.events.rules import RuleError, parse_rule
from tests.support.ical_reference import Moved, Seen, reference_occurrences, series_ics


@dataclass(frozen=True)
class Case:
    zone: str
    start: str  # local wall-clock time of the first occurrence
    minutes: int
    rule: str
    window: tuple[str, str]  # local dates
    exdates: tuple[str, ...] = ()
    overrides: tuple[tuple[str, str | None, str | None], ...] = ()  # local rid, new start, title

    def local(self, text: str) -> datetime:
        return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(self.zone)).astimezone(UTC)


CASES = {
    "weekly Mon+Wed over the Berlin spring change": Case(
        "Europe/Berlin",
        "2030-03-18T09:00",
        60,
        "FREQ=WEEKLY;BYDAY=MO,WE",
        ("2030-03-01", "2030-05-01"),
    ),
    "daily over the New York autumn change": Case(
        "America/New_York",
        "2030-10-28T08:30",
        45,
        "FREQ=DAILY;COUNT=20",
        ("2030-10-01", "2030-12-01"),
    ),
    "daily in the Berlin repeated hour": Case(
        "Europe/Berlin", "2030-10-24T02:30", 30, "FREQ=DAILY;COUNT=6", ("2030-10-20", "2030-11-05")
    ),
    "New York spring change, every 2 weeks until a date": Case(
        "America/New_York",
        "2030-02-25T18:00",
        90,
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20300331",
        ("2030-02-01", "2030-05-01"),
    ),
    "31st of the month": Case(
        "Europe/Berlin",
        "2030-01-31T12:00",
        60,
        "FREQ=MONTHLY;BYMONTHDAY=31",
        ("2030-01-01", "2031-01-01"),
    ),
    "last day of the month": Case(
        "UTC",
        "2030-01-31T12:00",
        60,
        "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=14",
        ("2030-01-01", "2031-06-01"),
    ),
    "2nd Tuesday": Case(
        "Europe/Berlin",
        "2030-01-08T19:00",
        120,
        "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20301231T230000Z",
        ("2029-12-01", "2031-02-01"),
    ),
    "last Friday": Case(
        "America/New_York",
        "2030-01-25T17:00",
        60,
        "FREQ=MONTHLY;BYDAY=-1FR;COUNT=12",
        ("2030-01-01", "2031-03-01"),
    ),
    "leap day": Case(
        "Europe/Berlin", "2028-02-29T10:00", 60, "FREQ=YEARLY;COUNT=3", ("2028-01-01", "2041-01-01")
    ),
    "yearly on the last Sunday of March (the change itself)": Case(
        "Europe/Berlin",
        "2030-03-31T10:00",
        60,
        "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=4",
        ("2030-01-01", "2035-01-01"),
    ),
    "exdates and overrides": Case(
        "Europe/Berlin",
        "2030-03-25T09:00",
        30,
        "FREQ=DAILY;COUNT=10",
        ("2030-03-20", "2030-04-10"),
        exdates=("2030-03-27T09:00", "2030-03-29T09:00"),
        overrides=(
            ("2030-03-26T09:00", "2030-03-26T15:00", None),
            ("2030-03-28T09:00", None, "Moved title"),
            ("2030-03-30T09:00", "2030-04-08T11:00", "Much later"),
        ),
    ),
    "a start the rule does not give still counts": Case(
        "Europe/Berlin",
        "2030-01-07T08:00",
        45,
        "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3",
        ("2030-01-01", "2030-12-01"),
    ),
    "every other week, years after its start, over a change": Case(
        "Europe/Berlin",
        "2024-01-02T18:00",
        60,
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
        ("2030-03-01", "2030-04-20"),
    ),
    "every 5 days until a date, years after its start": Case(
        "America/New_York",
        "2025-06-30T23:30",
        90,
        "FREQ=DAILY;INTERVAL=5;UNTIL=20300320T000000Z",
        ("2030-02-25", "2030-04-01"),
    ),
    "window in the middle of an open series": Case(
        "America/New_York",
        "2029-01-01T07:00",
        15,
        "FREQ=DAILY;INTERVAL=3",
        ("2030-03-01", "2030-03-20"),
    ),
}


def series_of(case: Case) -> Series:
    start = case.local(case.start)
    end = start + timedelta(minutes=case.minutes)
    overrides = {}
    for rid, new_start, title in case.overrides:
        moved = case.local(new_start) if new_start else None
        end_moved = moved + timedelta(minutes=case.minutes) if moved else None
        overrides[case.local(rid)] = Override(case.local(rid), moved, end_moved, title)
    return Series(
        start,
        end,
        case.zone,
        parse_rule(case.rule, starts_at=start, time_zone=case.zone),
        frozenset(case.local(text) for text in case.exdates),
        overrides,
    )


def ours(series: Series, start: datetime, end: datetime, title: str = "Series") -> list[Seen]:
    return sorted(
        Seen(
            o.starts_at,
            o.ends_at,
            o.override.title if o.override and o.override.title else title,
        )
        for o in series.between(start, end, limit=1000)
    )


def exported(series: Series, uid: str = "series@test", title: str = "Series") -> bytes:
    """The series as RFC 5545 text, written with icalendar from our canonical rule."""
    data: bytes = series_ics(
        uid=uid,
        title=title,
        starts_at=series.starts_at,
        ends_at=series.ends_at,
        time_zone=series.time_zone,
        rule=series.rule.text(),
        exdates=sorted(series.exdates),
        overrides=[
            Moved(o.recurrence_id, o.starts_at, o.ends_at, o.title)
            for o in series.overrides.values()
        ],
    ).to_ical()
    return data


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_occurrences_equal_the_reference(case: Case) -> None:
    series = series_of(case)
    start, end = (case.local(f"{day}T00:00") for day in case.window)

    expected = reference_occurrences([exported(series)], start, end)

    assert ours(series, start, end) == expected
    assert expected  # the window is not empty


def test_wall_clock_time_stays_across_the_change() -> None:
    series = series_of(CASES["weekly Mon+Wed over the Berlin spring change"])
    zone = ZoneInfo("Europe/Berlin")
    found = series.between(
        datetime(2030, 3, 25, tzinfo=UTC), datetime(2030, 4, 3, tzinfo=UTC), limit=10
    )

    assert [o.starts_at.astimezone(zone).hour for o in found] == [9, 9, 9]
    assert [o.starts_at.hour for o in found] == [8, 8, 7]  # UTC: +01:00, then +02:00 (31 Mar)


@pytest.mark.parametrize("at", ["2030-03-27T09:00", "2030-04-01T09:00"])
@pytest.mark.parametrize("rule", ["FREQ=DAILY;COUNT=15", "FREQ=DAILY"])
def test_this_and_following_split_keeps_every_occurrence(at: str, rule: str) -> None:
    case = Case("Europe/Berlin", "2030-03-25T09:00", 60, rule, ("2030-03-01", "2030-05-01"))
    whole = series_of(case)
    split_at = case.local(at)
    old_rule, new_rule = whole.split(split_at)
    old = Series(whole.starts_at, whole.ends_at, whole.time_zone, old_rule)
    new = Series(split_at, split_at + timedelta(hours=1), whole.time_zone, new_rule)
    start, end = (case.local(f"{day}T00:00") for day in case.window)

    expected = reference_occurrences([exported(whole)], start, end)
    both = reference_occurrences([exported(old, "old@test"), exported(new, "new@test")], start, end)

    assert both == expected == sorted(ours(old, start, end) + ours(new, start, end))
    assert max(o.starts_at for o in old.between(start, end, limit=100)) < split_at


def test_expansion_stops_at_its_limit() -> None:
    series = series_of(CASES["window in the middle of an open series"])
    with pytest.raises(TooManyOccurrences):
        series.between(
            datetime(2029, 1, 1, tzinfo=UTC), datetime(2031, 1, 1, tzinfo=UTC), limit=100
        )


def test_series_end_bounds_every_occurrence() -> None:
    for case in CASES.values():
        series = series_of(case)
        everything = series.between(
            datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC), limit=100_000
        )
        if series.rule.count or series.rule.until:
            assert max(o.ends_at for o in everything) <= series.ends()


START = datetime(2030, 3, 1, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("", "empty"),
        ("FREQ=HOURLY", "not supported"),
        ("INTERVAL=2", "needs FREQ"),
        ("FREQ=DAILY;COUNT=0", "COUNT must be"),
        ("FREQ=DAILY;COUNT=-3", "COUNT must be"),
        ("FREQ=DAILY;COUNT=5;UNTIL=20300401", "not both"),
        ("FREQ=DAILY;UNTIL=20300201T000000Z", "UNTIL must not be before"),
        ("FREQ=DAILY;UNTIL=20301332", "UNTIL=20301332 is not a date"),
        ("FREQ=WEEKLY;BYDAY=XX", "not a weekday"),
        ("FREQ=WEEKLY;BYDAY=2MO", "needs FREQ=MONTHLY"),
        ("FREQ=MONTHLY;BYDAY=6MO", "from -5 to 5"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "must not be 0"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "from -31 to 31"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never happens"),
        ("FREQ=DAILY;BYHOUR=9", "BYHOUR is not supported"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be"),
        ("FREQ=DAILY;FREQ=WEEKLY", "twice"),
        ("FREQ=DAILY;;COUNT=2", "NAME=VALUE"),
        ("FREQ=DAILY;BYSETPOS=1", "BYSETPOS needs"),
    ],
)
def test_bad_rules_are_refused_with_a_human_message(rule: str, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        parse_rule(rule, starts_at=START, time_zone="Europe/Berlin")


def test_rules_print_canonically() -> None:
    rule = parse_rule(
        "rrule:byday=mo,-1fr;freq=monthly;until=20300331;interval=2",
        starts_at=START,
        time_zone="Europe/Berlin",
    )
    assert rule.text() == "FREQ=MONTHLY;INTERVAL=2;UNTIL=20300331T215959Z;BYDAY=MO,-1FR"
