"""Form validation, time zone conversion and router error placement."""

from __future__ import annotations

from datetime import UTC, datetime

from webapp.accounts.forms import RegisterForm
from webapp.core.entities import Event
from webapp.core.forms import apply_router_errors
from webapp.core.router_client import GraphQLError, OperationFailed
from webapp.events.forms import EventForm, PublicSearchForm
from webapp.invitations.forms import UserSearchForm

EVENT_DATA = {
    "title": "Standup",
    "description": "",
    "starts_at": "2026-03-29T09:00",
    "ends_at": "2026-03-29T09:15",
    "time_zone": "Europe/Paris",
}


def test_event_times_are_taken_in_the_event_zone() -> None:
    form = EventForm(EVENT_DATA)
    assert form.is_valid(), form.errors
    payload = form.event_input()
    # 29 March 2026 is after the switch to summer time in Paris: UTC+2.
    assert payload["startsAt"] == "2026-03-29T07:00:00+00:00"
    assert payload["endsAt"] == "2026-03-29T07:15:00+00:00"
    assert payload["timeZone"] == "Europe/Paris"
    assert payload["isPublic"] is False


def test_end_before_start_is_reported_on_the_end_field() -> None:
    form = EventForm({**EVENT_DATA, "ends_at": "2026-03-29T08:00"})
    assert not form.is_valid()
    assert "ends_at" in form.errors
    assert "title" not in form.errors


def test_all_day_event_spans_whole_days() -> None:
    form = EventForm({**EVENT_DATA, "all_day": "on", "ends_at": "2026-03-30T00:00"})
    assert form.is_valid(), form.errors
    start, end = form.instants()
    assert (start.hour, end.hour) == (0, 0)
    assert (end - start).days == 2


def test_unknown_time_zone_and_missing_title_are_rejected() -> None:
    form = EventForm({**EVENT_DATA, "title": "", "time_zone": "Mars/Olympus"})
    assert not form.is_valid()
    assert set(form.errors) >= {"title", "time_zone"}


def test_edit_form_shows_the_event_in_its_own_zone() -> None:
    event = Event.parse(
        {
            "id": "e1",
            "title": "Lunch",
            "startsAt": "2026-07-01T10:00:00+00:00",
            "endsAt": "2026-07-01T11:00:00+00:00",
            "timeZone": "America/New_York",
        }
    )
    assert event is not None
    initial = EventForm.initial_for(event)
    assert initial["starts_at"] == datetime(2026, 7, 1, 6, 0)
    assert initial["time_zone"] == "America/New_York"
    assert event.starts_at.tzinfo == UTC


def test_register_passwords_must_match() -> None:
    form = RegisterForm(
        {
            "username": "ada",
            "display_name": "Ada",
            "email": "ada@example.org",
            "password": "correct horse",
            "password_again": "battery staple",
            "time_zone": "UTC",
        }
    )
    assert not form.is_valid()
    assert list(form.errors) == ["password_again"]


def test_router_errors_land_on_the_named_fields() -> None:
    form = EventForm(EVENT_DATA)
    assert form.is_valid()
    failure = OperationFailed(
        (
            GraphQLError("endsAt must not be before startsAt.", "BAD_USER_INPUT", (), "endsAt"),
            GraphQLError("title must be at most 200 characters.", "BAD_USER_INPUT", (), "title"),
            GraphQLError("Something else.", "CONFLICT"),
        )
    )
    apply_router_errors(form, failure)
    assert form.errors["ends_at"] == ["endsAt must not be before startsAt."]
    assert form.errors["title"] == ["title must be at most 200 characters."]
    assert form.non_field_errors() == ["Something else."]


def test_router_failure_on_an_empty_search_form_becomes_a_form_error() -> None:
    # Regression: the public events page crashed (500) when the router reported a subgraph
    # outage and the search form had no query string.
    form = PublicSearchForm({})
    failure = OperationFailed(
        (GraphQLError("Subgraph 'events' is unavailable.", "SUBGRAPH_UNAVAILABLE"),)
    )
    apply_router_errors(form, failure, {"search": "q"})
    assert form.non_field_errors() == ["Subgraph 'events' is unavailable."]


def test_people_search_starts_at_two_characters() -> None:
    # The users subgraph refuses shorter prefixes: the page shows nothing instead of an error.
    assert not UserSearchForm({"q": " a "}).is_valid()
    assert UserSearchForm({"q": "al"}).is_valid()


def test_the_grids_more_options_prefill_the_event_form() -> None:
    values = EventForm.initial_from_query(
        {"start": "2026-03-04T14:00", "end": "2026-03-04T15:30", "title": "Dragged"}
    )
    assert values == {
        "starts_at": datetime(2026, 3, 4, 14, 0),
        "ends_at": datetime(2026, 3, 4, 15, 30),
        "title": "Dragged",
    }
    assert EventForm.initial_from_query({"start": "2026-03-04T09:00"})["ends_at"] == datetime(
        2026, 3, 4, 10, 0
    )
    assert EventForm.initial_from_query({"start": "soon", "end": "9999-12-31T10:00"}) == {}


def test_the_event_form_refuses_dates_the_calendar_cannot_draw() -> None:
    for start in ("9999-12-31T10:00", "0001-01-01T00:00"):
        form = EventForm({**EVENT_DATA, "starts_at": start, "ends_at": start})
        assert not form.is_valid()
        assert "the calendar shows those" in str(form.errors["starts_at"])
