"""Importing an ``.ics`` file in the web app: preview first, UIDs recognised, bad files
refused with nothing stored; export → import → export gives the same events."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import httpx
import icalendar
import pymongo
import pytest

from tests.stack.recurrence.test_feed import make_series
from tests.stack.sessions.conftest import Api
from tests.stack.sessions.test_webapp import Browser
from tests.support.web_client import csrf_token
from tests.webapp.stack import Stack


def upload(browser: Browser, content: bytes, name: str = "calendar.ics") -> httpx.Response:
    token = csrf_token(browser.http.get("/import/").text)
    return browser.http.post(
        "/import/",
        data={"csrfmiddlewaretoken": token},
        files={"calendar_file": (name, content, "text/calendar")},
        headers={"referer": str(browser.http.base_url)},
    )


def confirm(browser: Browser, preview: httpx.Response) -> httpx.Response:
    token = csrf_token(preview.text)
    return browser.http.post(
        "/import/confirm/",
        data={"csrfmiddlewaretoken": token},
        headers={"referer": str(browser.http.base_url)},
    )


def feed_of(browser: Browser) -> bytes:
    browser.submit("/feeds/", "/feeds/regenerate/")
    response = httpx.get(browser.feed_url(), timeout=60)
    assert response.status_code == 200, response.text
    return response.content


def _utc(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    assert isinstance(value, date)
    return value


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def events_of(feed: bytes) -> set[tuple[Any, ...]]:
    """What must survive a round trip, per VEVENT."""
    found = set()
    for event in icalendar.Calendar.from_ical(feed).walk("VEVENT"):
        exdates = event.get("EXDATE")
        groups = exdates if isinstance(exdates, list) else [exdates] if exdates else []
        found.add(
            (
                str(event["UID"]),
                _utc(event.decoded("RECURRENCE-ID")) if "RECURRENCE-ID" in event else None,
                _utc(event.decoded("DTSTART")),
                _utc(event.decoded("DTEND")),
                str(event["DTSTART"].params.get("TZID")),
                _text(event["RRULE"].to_ical()) if "RRULE" in event else None,
                frozenset(_utc(d.dt) for group in groups for d in group.dts),
                str(event["SUMMARY"]),
            )
        )
    return found


def stored_events(stack: Stack, user_id: str) -> int:
    client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(stack.mongo_uri)
    try:
        return client["events"]["events"].count_documents({"ownerId": user_id})
    finally:
        client.close()


def test_export_import_export_gives_the_same_events(
    api: Api, browser: Browser, stack: Stack
) -> None:
    exporter = api.register("exp")
    make_series(api, api.login(exporter))
    browser.log_in(exporter)
    exported = feed_of(browser)

    importer = api.register("imp")
    other = Browser(stack.webapp_url)
    try:
        other.log_in(importer)
        preview = upload(other, exported)
        assert preview.status_code == 200, preview.text
        assert "Every week on Mon, Thu" in preview.text
        assert "Import 4 events" in preview.text
        assert stored_events(stack, api.login(importer).user_id) == 0  # only a preview
        done = confirm(other, preview)
        assert done.status_code == 302
        again = upload(other, exported)
        reexported = feed_of(other)
    finally:
        other.http.close()

    assert "already in your calendar" in again.text and "Import 0 events" in again.text
    assert events_of(reexported) == events_of(exported)
    assert len(events_of(exported)) == 5  # four series, one moved occurrence


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a calendar", "not a calendar file"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "holds no events"),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:No start\r\nEND:VEVENT\r\n"
            b"END:VCALENDAR\r\n",
            "has no start (DTSTART)",
        ),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Bad rule\r\n"
            b"DTSTART:20300101T100000Z\r\nRRULE:FREQ=DAILY;COUNT=0\r\nEND:VEVENT\r\n"
            b"END:VCALENDAR\r\n",
            "COUNT must be a whole number from 1",
        ),
        (b"\xff\xfe\x00garbage", "not a calendar file"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(
    api: Api, browser: Browser, stack: Stack, content: bytes, message: str
) -> None:
    username = api.register("bad")
    browser.log_in(username)

    response = upload(browser, content)
    if response.status_code == 200:  # readable here; the events subgraph refuses it
        response = confirm(browser, response)

    assert response.status_code == 400
    assert message in response.text
    assert stored_events(stack, api.login(username).user_id) == 0
