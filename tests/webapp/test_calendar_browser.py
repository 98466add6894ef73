"""The calendar as a person uses it, in Chromium against the whole platform: the time grid,
direct manipulation with undo (pointer and keyboard), the event page's answers, phones."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Locator, Page, expect

from tests.webapp.browser import ZONE, create_event, needs_chromium, register, shot, unique

pytestmark = needs_chromium

NewPage = Callable[..., Page]
PHONE = {"width": 390, "height": 844}


def next_wednesday() -> date:
    today = datetime.now(ZoneInfo(ZONE)).date()
    return today + timedelta(days=(2 - today.weekday()) % 7 + 7)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(ZONE))


def event_box(page: Page, event_id: str) -> Locator:
    return page.locator(f'#calendar-body .tg-event[data-event-id="{event_id}"]')


def hour_line(page: Page, hour: float) -> float:
    """The y of an hour's line in the grid (a day column is 24 hours tall)."""
    box = page.locator(".tg-col").first.bounding_box()
    assert box is not None
    return float(box["y"] + box["height"] * hour / 24)


def set_zone(page: Page, zone: str) -> None:
    page.goto("/accounts/profile/")
    page.get_by_label("Time zone").select_option(zone)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".site-footer")).to_contain_text(zone)


def test_an_event_is_drawn_where_it_belongs_in_two_zones(new_page: NewPage) -> None:
    page = new_page()
    register(page, unique("gia"), "Gia Grid")
    day = next_wednesday()
    event_id = create_event(page, "Design review", at(day, 9, 30))
    page.goto(f"/events/{event_id}/edit/")
    page.get_by_label("Ends").fill(at(day, 11).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save event").click()

    for zone, start, end in [(ZONE, 9.5, 11), ("America/New_York", 3.5, 5)]:
        if zone != ZONE:
            set_zone(page, zone)
        page.goto(f"/week/?date={day:%Y-%m-%d}")
        box = event_box(page, event_id)
        expect(box).to_contain_text("Design review")
        bounds = box.bounding_box()
        assert bounds is not None
        assert abs(bounds["y"] - hour_line(page, start)) <= 3
        assert abs(bounds["y"] + bounds["height"] - hour_line(page, end)) <= 3
        label = page.locator(".tg-hours li").nth(int(start)).bounding_box()
        assert label is not None and label["y"] <= bounds["y"] <= label["y"] + label["height"]
        column = page.locator(f'.tg-day[data-day="{day:%Y-%m-%d}"]').bounding_box()
        assert column is not None and column["x"] <= bounds["x"] < column["x"] + column["width"]
    shot(page, "calendar-week-new-york")


def test_overlapping_events_are_side_by_side(new_page: NewPage) -> None:
    page = new_page()
    register(page, unique("ola"), "Ola Overlap")
    day = next_wednesday()
    first = create_event(page, "Planning", at(day, 10))
    second = create_event(page, "Interview", at(day, 10, 30))
    page.goto(f"/week/?date={day:%Y-%m-%d}")
    a = event_box(page, first).bounding_box()
    b = event_box(page, second).bounding_box()
    assert a is not None and b is not None
    assert a["x"] + a["width"] <= b["x"] + 1  # side by side, not on top of each other
    assert abs(a["width"] - b["width"]) < 2
    shot(page, "calendar-week")
    page.goto(f"/day/?date={day:%Y-%m-%d}")
    expect(event_box(page, first)).to_be_visible()
    shot(page, "calendar-day")


def drag(page: Page, source: tuple[float, float], target: tuple[float, float]) -> None:
    page.mouse.move(*source)
    page.mouse.down()
    steps = 8
    for step in range(1, steps + 1):
        x = source[0] + (target[0] - source[0]) * step / steps
        y = source[1] + (target[1] - source[1]) * step / steps
        page.mouse.move(x, y)
    page.mouse.up()


def slot(page: Page, day: date, hour: float) -> tuple[float, float]:
    column = page.locator(f'.tg-day[data-day="{day:%Y-%m-%d}"] .tg-col').bounding_box()
    assert column is not None
    return column["x"] + column["width"] / 2, column["y"] + column["height"] * hour / 24 + 2


def test_drag_to_create_move_and_resize_each_with_undo(new_page: NewPage) -> None:
    page = new_page()
    register(page, unique("dan"), "Dan Drag")
    day = next_wednesday()
    page.goto(f"/week/?date={day:%Y-%m-%d}")
    page.locator(".tg-scroll").evaluate("el => el.scrollTop = el.scrollHeight * 13 / 24")

    drag(page, slot(page, day, 14), slot(page, day, 15.25))
    quick = page.locator("form.quick-create")
    expect(quick).to_contain_text("14:00\N{EN DASH}15:30")
    expect(page.get_by_label("Title")).to_be_focused()
    page.get_by_label("Title").fill("Dragged in")
    quick.get_by_role("button", name="Save").click()
    created = page.locator(".tg-event", has_text="Dragged in")
    expect(created).to_contain_text("14:00\N{EN DASH}15:30")
    expect(page.locator("#calendar-toast")).to_contain_text("Created")
    page.locator("#calendar-toast").get_by_role("button", name="Undo").click()
    expect(created).to_have_count(0)
    expect(page.locator("#calendar-toast")).to_contain_text("Undone")

    event_id = create_event(page, "Movable", at(day, 9))
    page.goto(f"/week/?date={day:%Y-%m-%d}")
    box = event_box(page, event_id)
    bounds = box.bounding_box()
    assert bounds is not None
    grab = (bounds["x"] + bounds["width"] / 2, bounds["y"] + 10)
    hour = hour_line(page, 1) - hour_line(page, 0)
    drag(page, grab, (grab[0], grab[1] + 2 * hour))  # two hours later
    expect(event_box(page, event_id)).to_contain_text("11:00\N{EN DASH}12:00")
    page.reload()
    expect(event_box(page, event_id)).to_contain_text("11:00\N{EN DASH}12:00")  # saved
    page.keyboard.press("Control+z")  # the toast is gone with the reload: nothing to undo
    expect(event_box(page, event_id)).to_contain_text("11:00\N{EN DASH}12:00")

    handle = event_box(page, event_id).locator(".tg-resize")
    bounds = handle.bounding_box()
    assert bounds is not None
    edge = (bounds["x"] + bounds["width"] / 2, bounds["y"] + bounds["height"] / 2)
    drag(page, edge, (edge[0], edge[1] + hour / 2))
    expect(event_box(page, event_id)).to_contain_text("11:00\N{EN DASH}12:30")
    page.locator("#calendar-toast").get_by_role("button", name="Undo").click()
    expect(event_box(page, event_id)).to_contain_text("11:00\N{EN DASH}12:00")


def test_the_keyboard_creates_moves_and_resizes_with_focus_kept(new_page: NewPage) -> None:
    page = new_page()
    register(page, unique("kim"), "Kim Keys")
    day = next_wednesday()
    event_id = create_event(page, "Keyboard", at(day, 9))
    page.goto(f"/week/?date={day:%Y-%m-%d}")
    link = event_box(page, event_id).get_by_role("link")
    link.focus()
    page.keyboard.press("Alt+ArrowDown")
    expect(event_box(page, event_id)).to_contain_text("09:15\N{EN DASH}10:15")
    expect(event_box(page, event_id).get_by_role("link")).to_be_focused()
    page.keyboard.press("Alt+Shift+ArrowDown")
    expect(event_box(page, event_id)).to_contain_text("09:15\N{EN DASH}10:30")
    page.keyboard.press("Alt+ArrowRight")
    next_day = f"{day + timedelta(days=1):%Y-%m-%d}"
    expect(
        page.locator(f'.tg-day[data-day="{next_day}"] [data-event-id="{event_id}"]')
    ).to_be_visible()
    expect(event_box(page, event_id).get_by_role("link")).to_be_focused()
    page.keyboard.press("Control+z")
    expect(
        page.locator(f'.tg-day[data-day="{day:%Y-%m-%d}"] [data-event-id="{event_id}"]')
    ).to_be_visible()

    add = page.locator(f'.tg-day[data-day="{day:%Y-%m-%d}"] .tg-add')
    add.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Title")).to_be_focused()
    page.keyboard.type("Typed in")
    page.keyboard.press("Enter")
    expect(page.locator(".tg-event", has_text="Typed in")).to_contain_text("09:00\N{EN DASH}10:00")
    expect(page.locator(".tg-event", has_text="Typed in").get_by_role("link")).to_be_focused()


def test_without_javascript_the_grid_links_to_the_forms(new_page: NewPage) -> None:
    page = new_page(java_script_enabled=False)
    register(page, unique("nos"), "No Script")
    day = next_wednesday()
    page.goto(f"/week/?date={day:%Y-%m-%d}")
    page.locator(f'.tg-day[data-day="{day:%Y-%m-%d}"] .tg-add').focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Starts")).to_have_value(f"{day:%Y-%m-%d}T09:00")
    expect(page.get_by_label("Ends")).to_have_value(f"{day:%Y-%m-%d}T10:00")


def test_answers_on_the_event_page_re_render_its_actions_and_keep_focus(
    new_page: NewPage,
) -> None:
    owner = new_page()
    guest = new_page()
    guest_name = unique("rui")
    register(owner, unique("ona"), "Ona Owner")
    register(guest, guest_name, "Rui Reply")
    event_id = create_event(owner, "Open house", at(next_wednesday(), 18), public=True)
    owner.get_by_label("Find people to invite").fill(guest_name[:6])
    owner.get_by_role("button", name="Invite Rui Reply").click()
    expect(owner.locator("#invite-feedback")).to_contain_text("Invitation sent")

    guest.goto(f"/events/{event_id}/")
    accept = guest.locator("#membership").get_by_role("button", name="Accept")
    accept.focus()
    guest.keyboard.press("Enter")
    expect(guest.locator("#rsvp-status")).to_have_text("Going")
    expect(guest.get_by_role("button", name="Join event")).to_have_count(0)
    expect(guest.locator("#membership").get_by_role("button", name="Accept")).to_be_focused()
    decline = guest.locator("#membership").get_by_role("button", name="Decline")
    decline.focus()
    guest.keyboard.press("Enter")
    expect(guest.locator("#rsvp-status")).to_have_text("Declined")
    expect(guest.get_by_role("button", name="Leave event")).to_have_count(0)
    expect(guest.locator("#membership").get_by_role("button", name="Decline")).to_be_focused()

    owner.goto(f"/events/{event_id}/")
    row = owner.locator("#participant-list li", has_text="Rui Reply")
    expect(row).to_have_attribute("data-state", "DECLINED")
    row.get_by_role("button", name="Invite again").click()
    expect(owner.locator("#participant-list li", has_text="Rui Reply")).to_have_attribute(
        "data-state", "PENDING"
    )
    owner.once("dialog", lambda dialog: dialog.accept())
    owner.locator("#participant-list li", has_text="Rui Reply").get_by_role(
        "button", name="Remove"
    ).click()
    expect(owner.locator("#participant-list li", has_text="Rui Reply")).to_have_count(0)
    shot(owner, "event-page-owner")


def no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def test_a_phone_shows_full_titles_without_sideways_scrolling(new_page: NewPage) -> None:
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    register(page, unique("pho"), "Pho Phone")
    day = next_wednesday()
    long_title = "Quarterly planning with the whole platform team and guests"
    unbroken = "Supercalifragilisticexpialidocious" * 3
    create_event(page, long_title, at(day, 14))
    event_id = create_event(page, unbroken, at(day, 16))
    for path in ["/", "/week/", "/day/", "/agenda/"]:
        page.goto(f"{path}?date={day:%Y-%m-%d}")
        title = page.locator("#calendar-body .entry-title", has_text=long_title)
        expect(title).to_be_visible()
        assert title.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
        expect(title).to_have_text(long_title)
        no_horizontal_scroll(page)
        if path == "/":
            shot(page, "phone-month")
        if path == "/week/":
            shot(page, "phone-week")
    page.goto(f"/events/{event_id}/")
    no_horizontal_scroll(page)
    shot(page, "phone-event")
    for path in ["/invitations/", "/events/public/", "/sharing/", "/events/new/"]:
        page.goto(path)
        no_horizontal_scroll(page)


def test_small_comforts(new_page: NewPage) -> None:
    """Browser's zone at registration, share type-ahead, favicon, padded inbox cards."""
    tokyo = new_page(timezone_id="Asia/Tokyo")
    tokyo.goto("/accounts/register/")
    expect(tokyo.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    icon = tokyo.locator('link[rel="icon"]').get_attribute("href")
    assert icon and tokyo.request.get(icon).status == 200

    owner, friend = new_page(), new_page()
    friend_name = unique("shay")
    register(owner, unique("tia"), "Tia Typeahead")
    register(friend, friend_name, "Shay Share")
    owner.goto("/sharing/")
    owner.get_by_label("Share with (username)").press_sequentially(friend_name[:5])
    expect(owner.locator(f'#share-suggestions option[value="{friend_name}"]')).to_have_count(1)

    event_id = create_event(owner, "Padded", at(next_wednesday(), 12))
    owner.goto(f"/events/{event_id}/")
    owner.get_by_label("Find people to invite").fill(friend_name[:6])
    owner.get_by_role("button", name="Invite Shay Share").click()
    expect(owner.locator("#invite-feedback")).to_contain_text("Invitation sent")
    friend.goto("/invitations/")
    card = friend.locator("#inbox-list > li").first
    padding = card.evaluate("el => parseFloat(getComputedStyle(el).paddingLeft)")
    assert padding >= 8
