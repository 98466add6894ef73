"""Chromium against the whole platform: the repeat picker, free/busy when inviting, the
overlap warning before accepting, and "find a time"."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from playwright.sync_api import Page, expect

from tests.webapp.browser import ZONE, create_event, needs_chromium, register, unique
from tests.webapp.stack import Stack

pytestmark = needs_chromium


def next_monday() -> datetime:
    now = datetime.now(ZoneInfo(ZONE))
    days = 7 - now.weekday()
    return (now + timedelta(days=days)).replace(hour=10, minute=0, second=0, microsecond=0)


def test_repeat_picker_says_it_in_plain_words_and_the_month_shows_occurrences(new_page) -> None:  # type: ignore[no-untyped-def]
    page: Page = new_page()
    register(page, unique("rita"), "Rita Repeat")
    start = next_monday()
    until = start + timedelta(days=27)
    page.goto("/events/new/")
    page.get_by_label("Title").fill("Fortnightly sync")
    page.get_by_label("Starts").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends").fill((start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Time zone", exact=True).select_option(ZONE)
    summary = page.locator("#repeat-summary")
    expect(summary).to_have_text("Does not repeat.")

    page.get_by_label("Repeats").select_option("WEEKLY")
    page.get_by_label("Every how many").fill("2")
    page.get_by_label("Mon", exact=True).check()
    page.get_by_label("Wed", exact=True).check()
    page.get_by_label("Stops repeating").select_option("until")
    page.get_by_label("Last day").fill(until.strftime("%Y-%m-%d"))
    page.get_by_label("Last day").dispatch_event("change")
    expected = f"Every 2 weeks on Mon, Wed until {until.day} {until:%b} {until.year}"
    expect(summary).to_have_text(expected)
    page.get_by_role("button", name="Save event").click()
    expect(page.locator("#event-title")).to_have_text("Fortnightly sync")

    page.goto(f"/?date={start:%Y-%m-%d}")
    body = page.locator("#calendar-body")
    days = {
        start,
        start + timedelta(days=2),
        start + timedelta(days=14),
        start + timedelta(days=16),
    }
    in_month = [day for day in days if day.month == start.month]
    expect(body.get_by_text("Fortnightly sync")).to_have_count(len(in_month))


def test_invite_shows_free_busy_accept_warns_and_find_a_time(new_page) -> None:  # type: ignore[no-untyped-def]
    owner, busy, stranger = new_page(), new_page(), new_page()
    owner_name, busy_name, stranger_name = unique("otto"), unique("bea"), unique("sam")
    register(owner, owner_name, "Otto Organiser")
    register(busy, busy_name, "Bea Busy")
    register(stranger, stranger_name, "Sam Stranger")
    start = next_monday()
    create_event(busy, "Dentist", start + timedelta(minutes=30))
    busy.goto("/sharing/")
    busy.get_by_label("Share with (username)").fill(owner_name)
    busy.get_by_label("They can see").select_option("FREE_BUSY")
    busy.get_by_role("button", name="Share").click()
    expect(busy.locator("#shares-given")).to_contain_text("Otto Organiser")
    create_event(owner, "Planning", start)

    owner.get_by_label("Find people to invite").fill(busy_name[:6])
    expect(owner.locator("#user-results")).to_contain_text("busy then")
    owner.get_by_role("button", name="Invite Bea Busy").click()
    expect(owner.locator("#invite-feedback")).to_contain_text("Invitation sent")
    expect(owner.locator("#participant-list")).to_contain_text("Bea Busy")
    owner.get_by_label("Find people to invite").fill(stranger_name[:6])
    results = owner.locator("#user-results")
    expect(results).to_contain_text("availability unknown")
    expect(results).not_to_contain_text("busy then")
    owner.get_by_role("button", name="Invite Sam Stranger").click()
    # The feedback already says "Invitation sent" (Bea's): wait for Sam in the guest list.
    expect(owner.locator("#participant-list")).to_contain_text("Sam Stranger")

    owner.get_by_role("button", name="Find a time").click()
    slots = owner.locator("#proposed-slots li")
    expect(slots.first).to_be_visible()
    expect(owner.locator("#not-shared")).to_contain_text("Sam Stranger")
    expect(owner.locator("#find-time")).not_to_contain_text("Bea Busy")

    busy.goto("/invitations/")
    item = busy.locator("#inbox-list li", has_text="Planning")
    expect(item.locator(".conflict-warning")).to_contain_text("overlaps with your calendar")
    stranger.goto("/invitations/")
    expect(stranger.locator("#inbox-list li", has_text="Planning")).to_be_visible()
    expect(stranger.locator(".conflict-warning")).to_have_count(0)


def test_feed_page_offers_webcal_and_copy_and_rotation_stops_the_old_address(  # type: ignore[no-untyped-def]
    new_page, stack: Stack
) -> None:
    page: Page = new_page()
    register(page, unique("wes"), "Wes Webcal")
    page.goto("/feeds/")
    page.get_by_role("button", name="Create my feed").click()
    url = page.locator("#feed-url").inner_text().strip()
    webcal = page.get_by_role("link", name="Open in my calendar app (webcal://)")
    expect(webcal).to_have_attribute("href", "webcal://" + url.split("://", 1)[1])
    page.get_by_role("button", name="Copy address").click()
    expect(page.locator("#copy-status")).not_to_be_empty()
    assert httpx.get(url, timeout=30).status_code == 200

    page.get_by_role("button", name="Create a new address").click()
    expect(page.locator("#feed-url")).not_to_have_text(url)
    assert httpx.get(url, timeout=30).status_code == 404


def test_editing_one_occurrence_asks_which_events_the_change_is_for(new_page) -> None:  # type: ignore[no-untyped-def]
    page: Page = new_page()
    register(page, unique("olga"), "Olga Occurrence")
    start = next_monday()
    page.goto("/events/new/")
    page.get_by_label("Title").fill("Weekly review")
    page.get_by_label("Starts").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends").fill((start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Time zone", exact=True).select_option(ZONE)
    page.get_by_label("Repeats").select_option("WEEKLY")
    page.get_by_label("Stops repeating").select_option("count")
    page.get_by_label("Times").fill("3")
    page.get_by_role("button", name="Save event").click()
    expect(page.locator("#event-title")).to_have_text("Weekly review")

    second = start + timedelta(weeks=1)
    page.goto(f"/week/?date={second:%Y-%m-%d}")
    page.locator("#calendar-body").get_by_role("link", name="Weekly review").first.click()
    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_label("This event", exact=True)).to_be_checked()
    expect(page.get_by_label("This and following events")).not_to_be_checked()
    expect(page.get_by_label("All events")).not_to_be_checked()
    page.get_by_label("Title").fill("Review, moved room")
    page.get_by_role("button", name="Save event").click()
    expect(page.locator("#event-title")).to_be_visible()

    for week, title in ((start, "Weekly review"), (second, "Review, moved room")):
        page.goto(f"/week/?date={week:%Y-%m-%d}")
        expect(page.locator("#calendar-body")).to_contain_text(title)
    page.goto(f"/week/?date={start + timedelta(weeks=2):%Y-%m-%d}")
    expect(page.locator("#calendar-body")).to_contain_text("Weekly review")
    expect(page.locator("#calendar-body")).not_to_contain_text("moved room")
