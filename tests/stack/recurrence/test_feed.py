"""Through the router and the web app: occurrences equal what ``recurring-ical-events``
computes from the feed (RRULE, EXDATE, RECURRENCE-ID, VTIMEZONE); the feed answers 304 to
its validators and stops at once when its address is rotated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import icalendar

from tests.stack.sessions.conftest import Api, Login
from tests.stack.sessions.test_webapp import Browser
from tests.support.ical_reference import reference_occurrences, seen_of

CREATE = "mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }"
UPDATE_OCCURRENCE = """
mutation($id: ID!, $at: DateTime!, $scope: RecurrenceScope!, $input: OccurrenceInput!) {
  updateOccurrence(id: $id, recurrenceId: $at, scope: $scope, input: $input) { id }
}
"""
DELETE_OCCURRENCE = """
mutation($id: ID!, $at: DateTime!, $scope: RecurrenceScope!) {
  deleteOccurrence(id: $id, recurrenceId: $at, scope: $scope)
}
"""
OCCURRENCES = """
query($from: DateTime!, $to: DateTime!, $after: String) {
  myOccurrences(from: $from, to: $to, first: 200, after: $after) {
    nodes { eventId recurrenceId startsAt endsAt title }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def _monday(weeks: int) -> datetime:
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)


def make_series(api: Api, login: Login) -> dict[str, str]:
    """Three series over daylight-saving changes, with an excluded date, a moved and a
    retitled occurrence, and a split; their ids."""
    start = _monday(1).replace(hour=8)
    ids = {}
    for name, zone, rule in [
        ("weekly", "Europe/Berlin", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("daily", "America/New_York", "FREQ=DAILY;INTERVAL=2;COUNT=90"),
        ("monthly", "Europe/Berlin", "FREQ=MONTHLY;BYDAY=-1FR"),
    ]:
        event = {
            "title": f"Series {name}",
            "startsAt": start.isoformat(),
            "endsAt": (start + timedelta(minutes=45)).isoformat(),
            "timeZone": zone,
            "recurrence": rule,
        }
        ids[name] = api.data(CREATE, {"input": event}, login.token)["createEvent"]["id"]
    weekly = ids["weekly"]
    second = (start + timedelta(days=3)).isoformat()
    api.data(DELETE_OCCURRENCE, {"id": weekly, "at": second, "scope": "THIS"}, login.token)
    third = start + timedelta(weeks=1)
    moved = {"startsAt": (third + timedelta(hours=5)).isoformat(), "title": "Moved one"}
    api.data(
        UPDATE_OCCURRENCE,
        {"id": weekly, "at": third.isoformat(), "scope": "THIS", "input": moved},
        login.token,
    )
    later = start + timedelta(weeks=6)
    ids["split"] = api.data(
        UPDATE_OCCURRENCE,
        {
            "id": weekly,
            "at": later.isoformat(),
            "scope": "THIS_AND_FOLLOWING",
            "input": {"title": "Series weekly, later"},
        },
        login.token,
    )["updateOccurrence"]["id"]
    return ids


def _occurrences(api: Api, login: Login, start: datetime, end: datetime) -> list[dict[str, str]]:
    found, after = [], None
    while True:
        variables = {"from": start.isoformat(), "to": end.isoformat(), "after": after}
        page = api.data(OCCURRENCES, variables, login.token)["myOccurrences"]
        found.extend(page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


def test_feed_series_expand_like_the_api(api: Api, browser: Browser) -> None:
    username = api.register("feed")
    login = api.login(username)
    make_series(api, login)
    browser.log_in(username)
    browser.submit("/feeds/", "/feeds/regenerate/")

    response = httpx.get(browser.feed_url(), timeout=60)
    calendar = icalendar.Calendar.from_ical(response.content)
    start, end = _monday(0), _monday(30)

    assert response.status_code == 200, response.text
    assert calendar.get_missing_tzids() == set()
    assert {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")} == {
        "Europe/Berlin",
        "America/New_York",
    }
    masters = [e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" not in e]
    assert len(masters) == 4 and all("RRULE" in e for e in masters)
    assert any("EXDATE" in e for e in masters)
    assert len([e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" in e]) == 1
    assert all(str(e["ORGANIZER"]) == f"urn:fedcal:user:{login.user_id}" for e in masters)
    expected = reference_occurrences([response.content], start, end)
    assert seen_of(_occurrences(api, login, start, end)) == expected
    assert len(expected) > 60


def test_feed_validators_give_304_and_rotation_stops_the_feed(api: Api, browser: Browser) -> None:
    username = api.register("feed")
    login = api.login(username)
    make_series(api, login)
    browser.log_in(username)
    browser.submit("/feeds/", "/feeds/regenerate/")
    url = browser.feed_url()

    first = httpx.get(url, timeout=60)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = httpx.get(url, headers={"if-none-match": etag}, timeout=60)
    since = httpx.get(url, headers={"if-modified-since": modified}, timeout=60)
    stale = httpx.get(url, headers={"if-none-match": '"other"'}, timeout=60)

    assert first.status_code == 200 and etag.startswith('"')
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)
    assert since.status_code == 304
    assert stale.status_code == 200 and stale.content == first.content

    api.data(
        CREATE,
        {
            "input": {
                "title": "New one",
                "startsAt": _monday(2).isoformat(),
                "endsAt": (_monday(2) + timedelta(hours=1)).isoformat(),
            }
        },
        login.token,
    )
    changed = httpx.get(url, headers={"if-none-match": etag}, timeout=60)
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert b"New one" in changed.content

    page = browser.http.get("/feeds/").text
    assert f'href="webcal://{url.split("://", 1)[1]}"' in page
    assert 'id="copy-feed-url"' in page
    browser.submit("/feeds/", "/feeds/regenerate/")
    assert httpx.get(url, timeout=60).status_code == 404
    assert httpx.get(browser.feed_url(), timeout=60).status_code == 200


INVITE = "mutation($e: ID!, $u: ID!) { invite(eventId: $e, inviteeId: $u) { id } }"
RESPOND = (
    "mutation($id: ID!, $s: InvitationStatus!) { respondToInvitation(id: $id, status: $s) { id } }"
)


def test_feed_lists_the_invitees_of_my_events_with_their_answers(
    api: Api, browser: Browser
) -> None:
    username = api.register("feed")
    owner = api.login(username)
    start = _monday(1).replace(hour=10)
    event = {
        "title": "Planning",
        "startsAt": start.isoformat(),
        "endsAt": (start + timedelta(hours=1)).isoformat(),
    }
    event_id = api.data(CREATE, {"input": event}, owner.token)["createEvent"]["id"]
    expected = {}
    for answer in ("PENDING", "ACCEPTED", "TENTATIVE", "DECLINED"):
        guest = api.login(api.register("guest"))
        variables = {"e": event_id, "u": guest.user_id}
        invitation = api.data(INVITE, variables, owner.token)["invite"]["id"]
        if answer != "PENDING":
            api.data(RESPOND, {"id": invitation, "s": answer}, guest.token)
        expected[f"urn:fedcal:user:{guest.user_id}"] = answer.replace("PENDING", "NEEDS-ACTION")
    browser.log_in(username)
    browser.submit("/feeds/", "/feeds/regenerate/")

    response = httpx.get(browser.feed_url(), timeout=60)
    calendar = icalendar.Calendar.from_ical(response.content)
    (planning,) = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Planning"]
    attendees = planning.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees]

    assert response.status_code == 200, response.text
    assert {str(a): str(a.params["PARTSTAT"]) for a in attendees} == expected
    assert str(planning["ORGANIZER"]) == f"urn:fedcal:user:{owner.user_id}"
