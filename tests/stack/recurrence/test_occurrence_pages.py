"""The event form and delete page on one occurrence of a series: "this event", "this and
following events" or "all events", as the API's occurrences show them afterwards."""

from __future__ import annotations

from datetime import datetime, timedelta
from html.parser import HTMLParser

import httpx

from tests.stack.recurrence.test_feed import CREATE, _monday, _occurrences
from tests.stack.sessions.conftest import Api, Login
from tests.stack.sessions.test_webapp import Browser
from webapp.core.dates import occurrence_param
from webapp.events.scope import NEEDS_OCCURRENCE

EXCLUDED = "query($id: ID!) { event(id: $id) { recurrence { excludedDates } } }"


class _Fields(HTMLParser):
    """The values a browser would submit with the page's first POST form."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("method") == "post":
            self._in_form = True
        if not self._in_form or (not a.get("name", "") and tag != "option"):
            return
        kind = a.get("type", "text")
        if tag == "input" and (kind not in ("checkbox", "radio") or "checked" in a):
            self.values[a["name"]] = a.get("value", "on" if kind in ("checkbox", "radio") else "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
        elif (
            tag == "option"
            and self._select
            and ("selected" in a or self._select not in self.values)
        ):
            self.values[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        self._textarea = None if tag == "textarea" else self._textarea
        self._select = None if tag == "select" else self._select

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data


def form_values(html: str) -> dict[str, str]:
    parser = _Fields()
    parser.feed(html)
    return parser.values


def _series(api: Api, login: Login) -> tuple[str, list[datetime]]:
    """A weekly stand-up, six times from next Monday 09:00 UTC; its id and starts."""
    start = _monday(1).replace(hour=9)
    event = {
        "title": "Stand-up",
        "startsAt": start.isoformat(),
        "endsAt": (start + timedelta(minutes=30)).isoformat(),
        "timeZone": "UTC",
        "recurrence": "FREQ=WEEKLY;COUNT=6",
    }
    event_id = api.data(CREATE, {"input": event}, login.token)["createEvent"]["id"]
    return event_id, [start + timedelta(weeks=week) for week in range(6)]


def _edit(
    browser: Browser, event_id: str, at: datetime | None, changes: dict[str, str]
) -> httpx.Response:
    query = f"?occurrence={occurrence_param(at)}" if at else ""
    page = f"/events/{event_id}/edit/{query}"
    fields = {**form_values(browser.http.get(page).text), **changes}
    return browser.http.post(page, data=fields, headers={"referer": str(browser.http.base_url)})


def _seen(api: Api, login: Login) -> list[tuple[str, str, str]]:
    """(event id, start, title) of each occurrence in the series' weeks."""
    found = _occurrences(api, login, _monday(0), _monday(9))
    return [(o["eventId"], o["startsAt"], o["title"]) for o in found]


def _iso(at: datetime) -> str:
    return at.isoformat()


def _log_in(api: Api, browser: Browser) -> Login:
    login = api.login(api.register("occ"))
    browser.log_in(login.username)
    return login


def test_editing_this_event_changes_only_that_occurrence(api: Api, browser: Browser) -> None:
    login = _log_in(api, browser)
    event_id, starts = _series(api, login)
    form = browser.http.get(f"/events/{event_id}/edit/?occurrence={occurrence_param(starts[2])}")

    response = _edit(browser, event_id, starts[2], {"title": "Just this one", "scope": "THIS"})

    assert all(
        words in form.text for words in ("This event", "This and following events", "All events")
    )
    assert response.status_code == 302, response.text
    titles = [title for _, _, title in _seen(api, login)]
    assert titles == ["Stand-up"] * 2 + ["Just this one"] + ["Stand-up"] * 3


def test_this_and_following_splits_the_series(api: Api, browser: Browser) -> None:
    login = _log_in(api, browser)
    event_id, starts = _series(api, login)

    response = _edit(
        browser, event_id, starts[3], {"title": "New format", "scope": "THIS_AND_FOLLOWING"}
    )

    assert response.status_code == 302, response.text
    seen = _seen(api, login)
    assert [title for _, _, title in seen] == ["Stand-up"] * 3 + ["New format"] * 3
    later = {eid for eid, _, _ in seen[3:]}
    assert {eid for eid, _, _ in seen[:3]} == {event_id} and event_id not in later
    assert response.headers["location"] == f"/events/{later.pop()}/"


def test_all_events_changes_and_moves_the_whole_series(api: Api, browser: Browser) -> None:
    login = _log_in(api, browser)
    event_id, starts = _series(api, login)
    moved = (starts[1] + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    until = (starts[1] + timedelta(hours=1, minutes=30)).strftime("%Y-%m-%dT%H:%M")

    response = _edit(
        browser,
        event_id,
        starts[1],
        {"title": "Later stand-up", "starts_at": moved, "ends_at": until, "scope": "ALL"},
    )

    assert response.status_code == 302, response.text
    expected = [(event_id, _iso(s + timedelta(hours=1)), "Later stand-up") for s in starts]
    assert _seen(api, login) == expected


def test_deleting_one_occurrence_excludes_just_it(api: Api, browser: Browser) -> None:
    login = _log_in(api, browser)
    event_id, starts = _series(api, login)
    page = f"/events/{event_id}/delete/?occurrence={occurrence_param(starts[1])}"
    fields = form_values(browser.http.get(page).text)

    response = browser.submit(page, page, {**fields, "scope": "THIS"})

    assert fields["scope"] == "THIS" and "occurrence" in fields
    assert response.status_code == 302, response.text
    assert [start for _, start, _ in _seen(api, login)] == [
        _iso(s) for s in starts if s != starts[1]
    ]
    excluded = api.data(EXCLUDED, {"id": event_id}, login.token)["event"]["recurrence"]
    assert excluded["excludedDates"] == [_iso(starts[1])]


def test_a_scope_without_an_occurrence_is_a_form_error(api: Api, browser: Browser) -> None:
    login = _log_in(api, browser)
    event_id, _ = _series(api, login)

    edit = _edit(browser, event_id, None, {"title": "Nope", "scope": "THIS"})
    page = f"/events/{event_id}/delete/"
    delete = browser.submit(page, page, {"scope": "THIS_AND_FOLLOWING"})

    assert edit.status_code == 400 and delete.status_code == 400
    assert "open one occurrence from the calendar" in edit.text
    assert "open one occurrence from the calendar" in delete.text
    assert {title for _, _, title in _seen(api, login)} == {"Stand-up"}
    assert "from the calendar to change only it" in NEEDS_OCCURRENCE


def test_calendar_links_name_the_occurrence(api: Api, browser: Browser) -> None:
    login = _log_in(api, browser)
    event_id, starts = _series(api, login)

    week = browser.http.get("/week/", params={"date": starts[2].date().isoformat()})
    detail = browser.http.get(f"/events/{event_id}/?occurrence={occurrence_param(starts[2])}")

    link = f"/events/{event_id}/?occurrence={occurrence_param(starts[2])}"
    assert link in week.text, week.text[:500]
    assert f"/events/{event_id}/edit/?occurrence={occurrence_param(starts[2])}" in detail.text
    assert f"/events/{event_id}/delete/?occurrence={occurrence_param(starts[2])}" in detail.text
