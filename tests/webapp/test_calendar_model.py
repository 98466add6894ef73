"""Periods, entry merging and day grouping of the calendar pages; the event's guest list."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from webapp.calendar.entries import Kind, by_day, merge
from webapp.calendar.periods import Layout, period_for
from webapp.core.entities import Event, Invitation, Person
from webapp.events.guests import State, guest_list
from webapp.sharing.shares import shared_entries


def event(event_id: str, start: str, end: str, **extra: object) -> Event:
    parsed = Event.parse(
        {"id": event_id, "title": f"T{event_id}", "startsAt": start, "endsAt": end, **extra}
    )
    assert parsed is not None
    return parsed


def test_month_period_covers_whole_weeks() -> None:
    period = period_for(Layout.MONTH, date(2026, 2, 14))
    assert period.first == date(2026, 1, 26)  # Monday
    assert period.stop == date(2026, 3, 2)
    assert all(len(week) == 7 for week in period.weeks())
    assert (period.previous, period.next) == (date(2026, 1, 1), date(2026, 3, 1))


def test_week_period_starts_on_monday() -> None:
    period = period_for(Layout.WEEK, date(2026, 12, 31))
    assert period.first == date(2026, 12, 28)
    assert period.next == date(2027, 1, 4)


def test_each_event_appears_once_with_the_strongest_relation() -> None:
    shared = event("1", "2026-05-01T10:00:00Z", "2026-05-01T11:00:00Z")
    other = event("2", "2026-05-01T09:00:00Z", "2026-05-01T09:30:00Z")
    entries = merge([(Kind.TENTATIVE, [shared]), (Kind.OWNED, [shared]), (Kind.JOINED, [other])])
    assert [(e.event.id, e.kind) for e in entries] == [("2", Kind.JOINED), ("1", Kind.OWNED)]


def test_events_are_placed_on_local_days() -> None:
    late = event("1", "2026-05-01T22:30:00Z", "2026-05-02T00:30:00Z")
    zone = ZoneInfo("Asia/Tokyo")  # UTC+9: 07:30 to 09:30 on 2 May
    days = [date(2026, 5, 1), date(2026, 5, 2)]
    grouped = by_day(merge([(Kind.OWNED, [late])]), days, zone)
    assert grouped[date(2026, 5, 1)] == []
    assert len(grouped[date(2026, 5, 2)]) == 1


def test_all_day_event_ending_at_midnight_does_not_touch_the_next_day() -> None:
    holiday = event(
        "1",
        "2026-05-01T00:00:00+02:00",
        "2026-05-02T00:00:00+02:00",
        allDay=True,
        timeZone="Europe/Paris",
    )
    grouped = by_day(
        merge([(Kind.OWNED, [holiday])]), [date(2026, 5, 1), date(2026, 5, 2)], ZoneInfo("UTC")
    )
    assert [len(v) for v in grouped.values()] == [1, 0]


def test_free_busy_share_shows_busy_blocks_without_titles() -> None:
    secret = event("1", "2026-05-01T10:00:00Z", "2026-05-01T11:00:00Z", description="x")
    entries = shared_entries([secret], "FREE_BUSY")
    assert [(e.kind, e.title) for e in entries] == [(Kind.BUSY, "Busy")]
    detailed = shared_entries([secret], "DETAILS")
    assert [(e.kind, e.title) for e in detailed] == [(Kind.SHARED, "T1")]


def test_one_guest_list_merges_invitations_and_participations() -> None:
    ann, bob, cy, dee = (Person(n, n, n.title()) for n in ("ann", "bob", "cy", "dee"))
    invited = [
        Invitation("i1", "ACCEPTED", None, ann, None),
        Invitation("i2", "DECLINED", None, bob, None),
        Invitation("i3", "PENDING", None, cy, None),
    ]
    guests = guest_list([ann, dee], invited)
    assert guests is not None
    assert [(g.person.id, g.state) for g in guests] == [
        ("ann", State.ACCEPTED),  # accepted and taking part: listed once
        ("dee", State.JOINED),
        ("cy", State.PENDING),
        ("bob", State.DECLINED),
    ]
    assert [g.person.id for g in guests if g.can_reinvite] == ["bob"]
    seen_by_a_guest = guest_list([ann, dee], None)  # no invitations for non-owners
    assert seen_by_a_guest is not None
    assert {g.state for g in seen_by_a_guest} == {State.ACCEPTED}
    assert guest_list(None, invited) is None
