"""The web app's month view shows every occurrence in view: of my series and of the series
I take part in."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from tests.stack.recurrence.test_feed import CREATE
from tests.stack.sessions.conftest import Api
from tests.stack.sessions.test_webapp import Browser

JOIN = "mutation($id: ID!) { joinEvent(eventId: $id) { id } }"


def test_month_view_shows_occurrences_of_own_and_joined_series(api: Api, browser: Browser) -> None:
    host, guest = (api.login(api.register(prefix)) for prefix in ("host", "guest"))
    month = (datetime.now(UTC).date().replace(day=1) + timedelta(days=40)).replace(day=1)
    start = datetime(month.year, month.month, 1, 9, tzinfo=UTC)
    weekly = {
        "title": "Open choir",
        "startsAt": start.isoformat(),
        "endsAt": (start + timedelta(hours=1)).isoformat(),
        "timeZone": "Europe/Berlin",
        "isPublic": True,
        "recurrence": "FREQ=WEEKLY;COUNT=4",
    }
    joined = api.data(CREATE, {"input": weekly}, host.token)["createEvent"]["id"]
    api.data(JOIN, {"id": joined}, guest.token)
    mine = {**weekly, "title": "My daily", "isPublic": False, "recurrence": "FREQ=DAILY;COUNT=3"}
    own = api.data(CREATE, {"input": mine}, guest.token)["createEvent"]["id"]
    browser.log_in(guest.username)

    page = browser.http.get("/", params={"date": month.isoformat()}).text

    def kinds(event_id: str) -> list[str]:
        return re.findall(rf'data-event-id="{event_id}" data-kind="(\w+)"', page)

    assert kinds(joined) == ["joined"] * 4
    assert kinds(own) == ["owned"] * 3


INVITE = "mutation($e: ID!, $u: ID!) { invite(eventId: $e, inviteeId: $u) { id } }"
SPLIT = """
mutation($id: ID!, $at: DateTime!) {
  updateOccurrence(id: $id, recurrenceId: $at, scope: THIS_AND_FOLLOWING, input: {title: "Later"}) {
    id
  }
}
"""
EVENT = "query($id: ID!) { event(id: $id) { id title } }"


def test_invitees_see_both_halves_of_a_split_series(api: Api) -> None:
    host, guest = (api.login(api.register(prefix)) for prefix in ("split", "inv"))
    start = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0)
    private = {
        "title": "Private series",
        "startsAt": start.isoformat(),
        "endsAt": (start + timedelta(hours=1)).isoformat(),
        "recurrence": "FREQ=DAILY;COUNT=6",
    }
    series = api.data(CREATE, {"input": private}, host.token)["createEvent"]["id"]
    api.data(INVITE, {"e": series, "u": guest.user_id}, host.token)
    at = (start + timedelta(days=3)).isoformat()

    later = api.data(SPLIT, {"id": series, "at": at}, host.token)["updateOccurrence"]["id"]

    seen = [api.data(EVENT, {"id": i}, guest.token)["event"] for i in (series, later)]
    assert seen == [{"id": series, "title": "Private series"}, {"id": later, "title": "Later"}]


SERIES = """
query($id: ID!) { event(id: $id) { startsAt recurrence { overrides { recurrenceId startsAt } } } }
"""


def test_dragging_an_occurrence_on_the_grid_moves_only_that_one(api: Api, browser: Browser) -> None:
    owner = api.login(api.register("drag"))
    start = (datetime.now(UTC) + timedelta(days=2)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    weekly = {
        "title": "Weekly",
        "startsAt": start.isoformat(),
        "endsAt": (start + timedelta(hours=1)).isoformat(),
        "recurrence": "FREQ=WEEKLY;COUNT=5",
    }
    series = api.data(CREATE, {"input": weekly}, owner.token)["createEvent"]["id"]
    browser.log_in(owner.username)  # the profile's zone is UTC
    second = start + timedelta(weeks=1)
    week = browser.http.get("/week/", params={"date": second.date().isoformat()}).text
    url = re.search(rf'data-move-url="(/events/{series}/move/\?recurrenceAt=\d+)"', week)
    assert url is not None

    moved = second + timedelta(hours=3)
    answer = browser.http.post(
        url.group(1),
        data={
            "start": f"{moved:%Y-%m-%dT%H:%M}",
            "end": f"{moved + timedelta(hours=1):%Y-%m-%dT%H:%M}",
        },
        headers={
            "x-csrftoken": browser.http.cookies["csrftoken"],
            "referer": str(browser.http.base_url),
        },
    )

    assert answer.status_code == 200 and answer.json()["ok"], answer.text
    after = api.data(SERIES, {"id": series}, owner.token)["event"]
    assert after["startsAt"] == start.isoformat()
    assert after["recurrence"]["overrides"] == [
        {"recurrenceId": second.isoformat(), "startsAt": moved.isoformat()}
    ]
