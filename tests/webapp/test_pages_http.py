"""Pages over real HTTP against the whole platform: honest states at the edges.

Every calendar view answers for every date the API accepts (clamped, with a notice), user
mistakes never show the outage box, malformed ids are 404, and the month and agenda show
end times (a multi-day event its start only on its first day).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

import httpx
import pytest

from tests.webapp.stack import Stack

PASSWORD = "correct-horse-42"
OUTAGE_BOX = "Some of our services did not answer"
EDGE_DATES = [
    "0001-01-01",
    "0001-01-02",
    "0001-02-28",
    "0001-03-01",
    "9999-10-31",
    "9999-11-30",
    "9999-12-01",
    "9999-12-31",
    "10000-01-01",
    "not-a-date",
]
CLAMPED = {"0001-01-01", "0001-01-02", "0001-02-28", "9999-11-30", "9999-12-01", "9999-12-31"}
LAYOUTS = ["month", "week", "day", "agenda"]
OWN_PATHS = {"month": "/", "week": "/week/", "day": "/day/", "agenda": "/agenda/"}


@dataclass
class Person:
    client: httpx.Client
    username: str
    user_id: str = ""
    events: dict[str, str] = field(default_factory=dict)

    def form(self, path: str, data: dict[str, str]) -> httpx.Response:
        page = self.client.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, page.text[:500]
        return self.client.post(
            path,
            data={"csrfmiddlewaretoken": token.group(1), **data},
            headers={"Referer": f"{self.client.base_url}{path}"},
        )


def register(stack: Stack, prefix: str, zone: str = "Europe/Paris") -> Person:
    username = f"{prefix}{uuid.uuid4().hex[:6]}"
    person = Person(httpx.Client(base_url=stack.webapp_url, timeout=30), username)
    answer = person.form(
        "/accounts/register/",
        {
            "username": username,
            "display_name": prefix.title(),
            "email": f"{username}@example.org",
            "password": PASSWORD,
            "password_again": PASSWORD,
            "time_zone": zone,
        },
    )
    assert answer.status_code == 302, answer.text
    return person


def router(stack: Stack, person: Person, query: str, variables: dict[str, object]) -> dict:  # type: ignore[type-arg]
    login = httpx.post(
        stack.router_url,
        json={
            "query": "mutation($u: String!, $p: String!) { login(username: $u, password: $p)"
            " { token user { id } } }",
            "variables": {"u": person.username, "p": PASSWORD},
        },
        timeout=30,
    ).json()["data"]["login"]
    person.user_id = login["user"]["id"]
    answer = httpx.post(
        stack.router_url,
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {login['token']}"},
        timeout=30,
    ).json()
    assert not answer.get("errors"), answer
    return answer["data"]  # type: ignore[no-any-return]


CREATE = "mutation($i: CreateEventInput!) { createEvent(input: $i) { id } }"


def create(stack: Stack, person: Person, title: str, start: str, end: str, **extra: object) -> str:
    event_input = {"title": title, "startsAt": start, "endsAt": end, **extra}
    return str(router(stack, person, CREATE, {"i": event_input})["createEvent"]["id"])


@pytest.fixture(scope="module")
def far(stack: Stack) -> Person:
    """Someone far east (UTC+14) with events at both ends of what the API accepts, who
    shares full details with ``near``."""
    person = register(stack, "kiri", "Pacific/Kiritimati")
    for title, start, end in [
        ("Last minute", "9999-12-31T22:00:00Z", "9999-12-31T23:59:00Z"),
        ("First light", "0001-01-01T00:00:00Z", "0001-01-01T01:00:00Z"),
    ]:
        person.events[title] = create(stack, person, title, start, end)
    return person


@pytest.fixture(scope="module")
def near(stack: Stack, far: Person) -> Person:
    person = register(stack, "west", "Pacific/Pago_Pago")
    answer = far.form("/sharing/", {"username": person.username, "level": "DETAILS"})
    assert answer.status_code == 302, answer.text
    return person


@pytest.mark.parametrize("day", EDGE_DATES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_own_view_answers_at_the_edges(far: Person, layout: str, day: str) -> None:
    answer = far.client.get(f"{OWN_PATHS[layout]}?date={day}")
    assert answer.status_code == 200, answer.text[:2000]
    assert ('id="date-notice"' in answer.text) == (day in CLAMPED or day.startswith(("1", "n")))


@pytest.mark.parametrize("day", EDGE_DATES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_shared_view_answers_at_the_edges(
    near: Person, far: Person, layout: str, day: str
) -> None:
    answer = near.client.get(f"/sharing/calendar/{far.user_id}/{layout}/?date={day}")
    assert answer.status_code == 200, answer.text[:2000]


def test_events_at_the_ends_of_time_have_working_pages(far: Person, near: Person) -> None:
    for event_id in far.events.values():
        for viewer in (far, near):  # UTC+14 and UTC-11
            answer = viewer.client.get(f"/events/{event_id}/")
            assert answer.status_code == 200, answer.text[:2000]


def test_the_event_form_refuses_dates_the_calendar_cannot_show(far: Person) -> None:
    answer = far.form(
        "/events/new/",
        {
            "title": "Too far",
            "starts_at": "9999-12-31T10:00",
            "ends_at": "9999-12-31T11:00",
            "time_zone": "Pacific/Kiritimati",
        },
    )
    assert answer.status_code == 400
    assert "the calendar shows those" in answer.text
    early = far.form(
        "/events/new/",
        {
            "title": "Too early",
            "starts_at": "0001-01-01T00:00",
            "ends_at": "0001-01-01T01:00",
            "time_zone": "Pacific/Kiritimati",
        },
    )
    assert early.status_code == 400  # was an OverflowError (year 0 in UTC)


@pytest.mark.parametrize(
    "path",
    [
        "/events/zzz/",
        "/events/zzz/edit/",
        "/events/zzz/delete/",
        "/invitations/event/zzz/",
        "/events/zzz/participants/",
        "/sharing/calendar/zzz/month/",
    ],
)
def test_malformed_ids_are_not_found(far: Person, path: str) -> None:
    assert far.client.get(path).status_code == 404


def test_user_mistakes_never_show_the_outage_box(stack: Stack, far: Person) -> None:
    stranger = httpx.Client(base_url=stack.webapp_url, timeout=30)
    visitor = Person(stranger, far.username)
    wrong = visitor.form("/accounts/login/", {"username": far.username, "password": "nope-nope-1"})
    assert wrong.status_code == 400 and "Wrong username or password" in wrong.text
    assert OUTAGE_BOX not in wrong.text
    for attempt in range(12):  # until the router throttles this account
        wrong = visitor.form(
            "/accounts/login/", {"username": far.username, "password": f"nope-{attempt}-xx"}
        )
    assert "Too many failed login attempts" in wrong.text
    assert OUTAGE_BOX not in wrong.text
    myself = far.form("/sharing/", {"username": far.username, "level": "DETAILS"})
    assert myself.status_code == 400 and "yourself" in myself.text
    assert OUTAGE_BOX not in myself.text


def test_month_and_agenda_show_end_times_and_a_multi_day_start_once(
    stack: Stack,
) -> None:
    person = register(stack, "mona", "Europe/Paris")
    create(stack, person, "Short", "2026-06-02T07:30:00Z", "2026-06-02T09:00:00Z")
    create(stack, person, "Overnight", "2026-06-03T20:00:00Z", "2026-06-05T08:00:00Z")
    month = person.client.get("/?date=2026-06-01").text
    assert "09:30\N{EN DASH}11:00" in month
    assert month.count("22:00") == 1  # the start, on the first day only
    assert "\N{RIGHTWARDS ARROW} 10:00" in month  # the end, on the last day
    agenda = person.client.get("/agenda/?date=2026-06-01").text
    assert "09:30\N{EN DASH}11:00" in agenda
