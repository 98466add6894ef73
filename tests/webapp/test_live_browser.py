"""Live pages in Chromium, two people in two browser contexts: what one does shows on the
other's open pages without a reload (and without JavaScript the pages are plain pages)."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.support.processes import ManagedProcess, wait_for_http
from tests.support.sse import frames, next_frame
from tests.webapp.browser import (
    create_event,
    mark,
    needs_chromium,
    not_reloaded,
    register,
    tomorrow,
    unique,
)
from tests.webapp.stack import Stack

pytestmark = needs_chromium

type NewPage = Callable[[], Page]


def live(page: Page) -> None:
    """Wait until the page's live stream follows every topic at the router."""
    expect(page.locator("body")).to_have_attribute("data-live-ready", "1")
    mark(page)


def invite(owner: Page, guest_name: str, guest_label: str) -> None:
    owner.get_by_label("Find people to invite").fill(guest_name[:6])
    owner.get_by_role("button", name=f"Invite {guest_label}").click()
    expect(owner.locator("#invite-feedback")).to_contain_text("Invitation sent")
    expect(owner.locator("#participant-list")).to_contain_text(guest_label)  # the invite is in


def rename(owner: Page, event_id: str, title: str) -> None:
    owner.goto(f"/events/{event_id}/edit/")
    owner.get_by_label("Title").fill(title)
    owner.get_by_role("button", name="Save event").click()
    expect(owner.locator("#event-title")).to_have_text(title)


def delete(owner: Page, event_id: str) -> None:
    owner.goto(f"/events/{event_id}/delete/")
    owner.get_by_role("button", name="Delete event").click()
    expect(owner.locator("#event-title")).to_have_count(0)


def test_inbox_and_navigation_count_follow_invitations(new_page: NewPage) -> None:
    owner, guest = new_page(), new_page()
    owner_name, guest_name = unique("ann"), unique("ben")
    register(owner, owner_name, "Ann Owner")
    register(guest, guest_name, "Ben Guest")
    event_id = create_event(owner, "Live planning", tomorrow())

    guest.goto("/invitations/")
    expect(guest.locator("#inbox-empty")).to_be_visible()
    live(guest)
    invite(owner, guest_name, "Ben Guest")
    expect(guest.locator("#inbox-list")).to_contain_text("Live planning")
    expect(guest.locator("#nav-pending")).to_have_text("1")

    rename(owner, event_id, "Live planning (room 2)")
    expect(guest.locator("#inbox-list")).to_contain_text("Live planning (room 2)")

    delete(owner, event_id)
    expect(guest.locator("#inbox-empty")).to_be_visible()
    expect(guest.locator("#nav-pending")).to_have_text("")
    assert not_reloaded(guest)


def test_a_change_between_the_render_and_the_stream_is_not_missed(new_page: NewPage) -> None:
    owner, guest = new_page(), new_page()
    guest_name = unique("max")
    register(owner, unique("ned"), "Ned Owner")
    register(guest, guest_name, "Max Guest")
    create_event(owner, "Made meanwhile", tomorrow())
    guest.route("**/live/stream*", lambda route: route.abort())  # the stream cannot open
    guest.goto("/invitations/")
    expect(guest.locator("#inbox-empty")).to_be_visible()
    mark(guest)
    invite(owner, guest_name, "Max Guest")  # after the render, before any stream
    guest.unroute("**/live/stream*")  # EventSource retries by itself
    expect(guest.locator("#inbox-list")).to_contain_text("Made meanwhile")
    assert not_reloaded(guest)


def test_calendar_and_event_page_follow_the_owner(new_page: NewPage) -> None:
    owner, guest = new_page(), new_page()
    owner_name, guest_name = unique("cat"), unique("dan")
    register(owner, owner_name, "Cat Owner")
    register(guest, guest_name, "Dan Guest")
    start = tomorrow()
    event_id = create_event(owner, "Roadmap", start)
    live(owner)  # the owner's event page, with its guest list
    invite(owner, guest_name, "Dan Guest")

    event_page = guest.context.new_page()  # the guest, in a second tab
    event_page.goto(f"/events/{event_id}/")
    live(event_page)
    event_page.locator("#rsvp").get_by_role("button", name="Accept").click()
    going = owner.locator('#participant-list [data-state="ACCEPTED"]')  # the one guest list
    expect(going).to_contain_text("Dan Guest")
    assert not_reloaded(owner)

    guest.goto(f"/?date={start:%Y-%m-%d}")
    entry = guest.locator(f'#calendar-body [data-event-id="{event_id}"]')
    expect(entry).to_contain_text("Roadmap")
    live(guest)
    live(event_page)
    rename(owner, event_id, "Roadmap (moved)")
    expect(entry).to_contain_text("Roadmap (moved)")
    expect(event_page.locator("#event-title")).to_have_text("Roadmap (moved)")

    delete(owner, event_id)
    expect(entry).to_have_count(0)
    expect(event_page.locator("#live-gone")).to_contain_text("This page is gone")
    assert not_reloaded(guest)
    assert not_reloaded(event_page)


def test_shared_calendar_follows_its_owner(new_page: NewPage) -> None:
    owner, viewer = new_page(), new_page()
    owner_name, viewer_name = unique("eve"), unique("fay")
    register(owner, owner_name, "Eve Owner")
    register(viewer, viewer_name, "Fay Viewer")
    viewer.goto("/sharing/")
    live(viewer)
    owner.goto("/sharing/")
    owner.get_by_label("Share with (username)").fill(viewer_name)
    owner.get_by_label("They can see").select_option("DETAILS")
    owner.get_by_role("button", name="Share").click()
    expect(viewer.locator("#shares-received")).to_contain_text("Eve Owner")

    start = tomorrow()
    viewer.locator("#shares-received").get_by_role("link").click()
    viewer.goto(viewer.url + f"?date={start:%Y-%m-%d}")
    live(viewer)
    event_id = create_event(owner, "Dentist", start)
    expect(viewer.locator(f'#calendar-body [data-event-id="{event_id}"]')).to_contain_text(
        "Dentist"
    )
    assert not_reloaded(viewer)


def test_without_javascript_pages_are_plain_pages(browser: Browser, stack: Stack) -> None:
    context = browser.new_context(base_url=stack.webapp_url, java_script_enabled=False)
    try:
        page = context.new_page()
        owner_context = browser.new_context(base_url=stack.webapp_url)
        owner = owner_context.new_page()
        guest_name = unique("gil")
        register_without_js(page, guest_name)
        register(owner, unique("hal"), "Hal Owner")
        create_event(owner, "Offline meeting", tomorrow())
        invite(owner, guest_name, "Gil Guest")
        page.goto("/invitations/")
        expect(page.locator("#inbox-list")).to_contain_text("Offline meeting")
        expect(page.locator("body")).not_to_have_attribute("data-live-ready", "1")
        owner_context.close()
    finally:
        context.close()


def register_without_js(page: Page, username: str) -> None:
    """The registration form works without JavaScript (a plain POST)."""
    register(page, username, "Gil Guest")


def test_a_dropped_stream_resumes_from_its_last_event_id(new_page: NewPage, stack: Stack) -> None:
    owner, guest = new_page(), new_page()
    guest_name = unique("ivy")
    register(owner, unique("jon"), "Jon Owner")
    register(guest, guest_name, "Ivy Guest")
    create_event(owner, "First talk", tomorrow())
    cookies = {cookie["name"]: cookie["value"] for cookie in guest.context.cookies()}
    url = "/live/stream?topics=invitations"
    timeout = httpx.Timeout(30.0)
    with httpx.Client(base_url=stack.webapp_url, cookies=cookies, timeout=timeout) as http:
        with http.stream("GET", url) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            stream = frames(response.iter_lines())
            next_frame(stream, "ready")
            invite(owner, guest_name, "Ivy Guest")
            seen = next_frame(stream, "change", kind="SENT")
        assert json.loads(seen["data"]) == {"topic": "invitations", "kind": "SENT"}
        last_id = seen["id"]  # the connection dropped here

        create_event(owner, "Second talk", tomorrow())
        invite(owner, guest_name, "Ivy Guest")  # while nobody listens
        with http.stream("GET", url, headers={"Last-Event-ID": last_id}) as response:
            stream = frames(response.iter_lines())
            missed = next_frame(stream, "change", kind="SENT")
        assert json.loads(missed["data"]) == {"topic": "invitations", "kind": "SENT"}
        assert _cursor(missed["id"]) > _cursor(last_id)


def _cursor(last_event_id: str) -> int:
    return int(dict(part.split("=") for part in last_event_id.split(";"))["invitations"])


def test_pages_follow_again_after_a_router_restart(new_page: NewPage, stack: Stack) -> None:
    owner, guest = new_page(), new_page()
    guest_name = unique("kim")
    register(owner, unique("lou"), "Lou Owner")
    register(guest, guest_name, "Kim Guest")
    create_event(owner, "After the restart", tomorrow())
    guest.goto("/invitations/")
    live(guest)

    restart_router(stack)  # every subscription of the web app ends with it
    invite(owner, guest_name, "Kim Guest")
    expect(guest.locator("#inbox-list")).to_contain_text("After the restart", timeout=40_000)
    assert not_reloaded(guest)


def restart_router(stack: Stack) -> None:
    """SIGKILL the router, start it again on its port with its environment."""
    old = next(process for process in stack.processes if "-router-" in process.name)
    old.kill()
    new = ManagedProcess(name=old.name, argv=old.argv, env=old.env).start()
    stack.processes[stack.processes.index(old)] = new
    wait_for_http(stack.router_url.removesuffix("/graphql") + "/health", new, timeout=60)
