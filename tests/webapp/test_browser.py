"""End-to-end scenarios in Chromium against the whole platform (real processes, no mocks).

Screenshots of the main pages are written to ``.data/test-logs/screenshots/``, or to the
README's ``docs/screenshots/`` with ``UPDATE_SCREENSHOTS=1`` (so a test run leaves the tree
as it was).
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import icalendar
import pytest
from playwright.sync_api import Page, expect

from tests.webapp.browser import (
    PASSWORD,
    ZONE,
    create_event,
    mark,
    needs_chromium,
    not_reloaded,
    register,
    shot,
    tomorrow,
    unique,
)
from tests.webapp.stack import Stack

pytestmark = needs_chromium


def test_form_errors_are_shown_next_to_their_fields(new_page) -> None:  # type: ignore[no-untyped-def]
    page: Page = new_page()
    page.goto("/accounts/register/")
    page.get_by_label("Username").fill("x")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_role("button", name="Register").click()
    expect(page.locator("#field-username .errorlist")).to_be_visible()
    expect(page.locator("#id_username")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#field-email .errorlist")).to_be_visible()

    # A rule only the router knows: the username is taken (CONFLICT with field=username).
    taken = unique("taken")
    register(page, taken, "Taken")
    other: Page = new_page()
    register_attempt = other
    register_attempt.goto("/accounts/register/")
    for label, value in [
        ("Username", taken),
        ("Display name", "Someone"),
        ("Email", f"other-{taken}@example.org"),
    ]:
        register_attempt.get_by_label(label).fill(value)
    register_attempt.get_by_label("Password", exact=True).fill(PASSWORD)
    register_attempt.get_by_label("Password (again)").fill(PASSWORD)
    register_attempt.get_by_role("button", name="Register").click()
    expect(register_attempt.locator("#field-username .errorlist")).to_contain_text("taken")

    # The event form: end before start is reported on the end field.
    page.goto("/events/new/")
    start = tomorrow()
    page.get_by_label("Title").fill("Backwards")
    page.get_by_label("Starts").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends").fill((start - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save event").click()
    expect(page.locator("#field-ends_at .errorlist")).to_be_visible()
    expect(page.locator("#field-title .errorlist")).to_have_count(0)
    shot(page, "event-form-errors")


def test_invitee_accepts_and_both_pages_update_without_reload(new_page) -> None:  # type: ignore[no-untyped-def]
    owner: Page = new_page()
    guest: Page = new_page()
    owner_name, guest_name = unique("olga"), unique("gus")
    register(owner, owner_name, "Olga Owner")
    register(guest, guest_name, "Gus Guest")
    start = tomorrow()
    event_id = create_event(owner, "Secret planning", start)

    owner.get_by_label("Find people to invite").fill(guest_name[:6])
    owner.get_by_role("button", name="Invite Gus Guest").click()
    expect(owner.locator("#invite-feedback")).to_contain_text("Invitation sent")
    guests = owner.locator("#participant-list")
    expect(guests.locator('[data-state="PENDING"]')).to_contain_text("Gus Guest")
    mark(owner)

    guest.goto("/invitations/")
    expect(guest.locator("#inbox-list")).to_contain_text("Secret planning")
    expect(guest.locator("#agenda-panel h2")).to_have_text("Your next two weeks")
    expect(guest.locator(f'#agenda-panel [data-event-id="{event_id}"]')).to_have_count(0)
    shot(guest, "invitations-inbox")
    mark(guest)
    guest.locator("#inbox-list").get_by_role("button", name="Accept").click()

    expect(guest.locator("#inbox-empty")).to_be_visible()
    expect(guest.locator(f'#agenda-panel [data-event-id="{event_id}"]')).to_contain_text(
        "Secret planning"
    )
    assert not_reloaded(guest)

    # One guest list: accepting (which also makes Gus a participant) shows him once, going.
    expect(guests.locator('[data-state="ACCEPTED"]')).to_contain_text("Gus Guest", timeout=20_000)
    expect(guests.locator("li", has_text="Gus Guest")).to_have_count(1)
    assert not_reloaded(owner)

    guest.goto(f"/?date={start:%Y-%m-%d}")
    entry = guest.locator(f'#calendar-body [data-event-id="{event_id}"]')
    expect(entry).to_have_attribute("data-kind", "joined")
    shot(guest, "calendar-month")


def test_free_busy_share_shows_busy_blocks_only(new_page) -> None:  # type: ignore[no-untyped-def]
    owner: Page = new_page()
    viewer: Page = new_page()
    owner_name, viewer_name = unique("fran"), unique("vic")
    register(owner, owner_name, "Fran Free")
    register(viewer, viewer_name, "Vic Viewer")
    start = tomorrow()
    create_event(owner, "Dentist appointment", start, public=True)
    create_event(owner, "Job interview", start + timedelta(hours=3))

    owner.goto("/sharing/")
    owner.get_by_label("Share with (username)").fill(viewer_name)
    owner.get_by_label("They can see").select_option("FREE_BUSY")
    owner.get_by_role("button", name="Share").click()
    expect(owner.locator("#shares-given")).to_contain_text("Vic Viewer")
    shot(owner, "sharing")

    viewer.goto("/sharing/")
    viewer.get_by_role("link", name="Fran Free\N{RIGHT SINGLE QUOTATION MARK}s calendar").click()
    viewer.goto(viewer.url + f"?date={start:%Y-%m-%d}")
    body = viewer.locator("#calendar-body")
    expect(body.locator('[data-kind="busy"]').first).to_be_visible()
    expect(body).not_to_contain_text("Dentist")
    expect(body).not_to_contain_text("Job interview")
    expect(body.locator('[data-kind="shared"]')).to_have_count(0)
    shot(viewer, "shared-calendar-free-busy")


def test_public_event_join_and_leave(new_page) -> None:  # type: ignore[no-untyped-def]
    host: Page = new_page()
    fan: Page = new_page()
    register(host, unique("hal"), "Hal Host")
    register(fan, unique("fay"), "Fay Fan")
    title = f"Open jam {uuid.uuid4().hex[:4]}"
    create_event(host, title, tomorrow(), public=True)

    fan.goto("/events/public/")
    fan.get_by_label("Title contains").fill(title)
    fan.get_by_role("button", name="Search").click()
    expect(fan.locator("#public-results li")).to_have_count(1)
    shot(fan, "public-events")
    fan.get_by_role("link", name=title).click()
    mark(fan)
    fan.get_by_role("button", name="Join event").click()
    expect(fan.locator("#participant-list")).to_contain_text("Fay Fan")
    fan.get_by_role("button", name="Leave event").click()
    expect(fan.get_by_role("button", name="Join event")).to_be_visible()
    expect(fan.locator("#participant-list")).not_to_contain_text("Fay Fan")
    assert not_reloaded(fan)


def test_ics_feed_lists_my_events(new_page, stack: Stack) -> None:  # type: ignore[no-untyped-def]
    page: Page = new_page()
    register(page, unique("ivy"), "Ivy Ical")
    start = tomorrow()
    create_event(page, "Feed check", start)
    page.goto("/feeds/")
    page.get_by_role("button", name="Create my feed").click()
    url = page.locator("#feed-url").inner_text().strip()
    shot(page, "feed")
    assert url.startswith(stack.webapp_url) and url.endswith(".ics")

    response = httpx.get(url, timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Feed check"]
    assert event.decoded("DTSTART") == start
    assert event["DTSTART"].params["TZID"] == ZONE
    assert ZONE in [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]

    page.get_by_role("button", name="Create a new address").click()
    assert page.locator("#feed-url").inner_text().strip() != url
    assert httpx.get(url, timeout=30).status_code == 404


def test_stopped_subgraph_gives_a_friendly_partial_page(new_page, stack: Stack) -> None:  # type: ignore[no-untyped-def]
    page: Page = new_page()
    if "participations" not in stack.subgraphs:
        pytest.skip("needs a stack started by the test (WEBAPP_E2E_URL is set)")
    register(page, unique("pat"), "Pat Partial")
    event_id = create_event(page, "Still here", tomorrow(), public=True)
    stack.subgraphs["participations"].process.kill()

    page.goto(f"/events/{event_id}/")
    expect(page.locator("#event-title")).to_have_text("Still here")
    expect(page.locator(".notice-partial").first).to_be_visible()
    expect(page.locator("#participants")).to_contain_text("The guest list could not be loaded")
    shot(page, "partial-page")

    page.goto("/")
    expect(page.locator("#calendar-body")).to_be_visible()
    expect(page.locator(".notice-partial").first).to_be_visible()

    # A calendar whose sharing service is down: "unavailable" (503), not "not shared" (404).
    stack.subgraphs["calendars"].process.kill()
    response = page.goto(f"/sharing/calendar/{'a' * 24}/month/")
    assert response is not None and response.status == 503
    expect(page.locator("main")).to_contain_text("unavailable")
