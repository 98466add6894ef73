"""axe-core (pinned in devtools/node) scans every page, light and dark: no serious or critical
violation of WCAG 2.1 A/AA. The figures per page are written to the test log."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.support.processes import PROJECT_ROOT
from tests.webapp.browser import ZONE, create_event, needs_chromium, register, shot, unique

AXE = PROJECT_ROOT / "devtools" / "node" / "node_modules" / "axe-core" / "axe.min.js"
LOG = PROJECT_ROOT / ".data" / "test-logs" / "axe.json"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = [
    needs_chromium,
    pytest.mark.skipif(
        not AXE.exists() and not os.environ.get("CI"),
        reason="axe-core is not installed (make node-tools)",
    ),
]


def scan(page: Page) -> list[dict[str, object]]:
    """Serious and critical violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))",
        TAGS,
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_no_serious_accessibility_violation(
    new_page: Callable[..., Page], scheme: str
) -> None:
    anonymous = new_page(bypass_csp=True, color_scheme=scheme)
    owner = new_page(bypass_csp=True, color_scheme=scheme)
    guest = new_page(bypass_csp=True, color_scheme=scheme)
    guest_name = unique("axg")
    register(owner, unique("axo"), "Ada Axe")
    register(guest, guest_name, "Gil Guest")
    start = (datetime.now(ZoneInfo(ZONE)) + timedelta(days=1)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    event_id = create_event(owner, "Accessible meeting", start, public=True)
    create_event(owner, "Overlapping talk", start + timedelta(minutes=30))
    owner.get_by_label("Find people to invite").fill(guest_name[:6])
    owner.get_by_role("button", name="Invite Gil Guest").click()
    expect(owner.locator("#invite-feedback")).to_contain_text("Invitation sent")
    owner.goto("/sharing/")
    owner.get_by_label("Share with (username)").fill(guest_name)
    owner.get_by_role("button", name="Share").click()
    expect(owner.locator("#shares-given")).to_contain_text("Gil Guest")
    guest.goto("/sharing/")
    link = guest.get_by_role("link", name="Ada Axe\N{RIGHT SINGLE QUOTATION MARK}s calendar")
    owner_id = str(link.get_attribute("href")).strip("/").split("/")[-2]
    day = f"{start:%Y-%m-%d}"

    pages: list[tuple[Page, str]] = [  # (who, path): a guest sees other actions than the owner
        (anonymous, "/accounts/login/"),
        (anonymous, "/accounts/register/"),
        (owner, f"/?date={day}"),
        (owner, f"/week/?date={day}"),
        (owner, f"/day/?date={day}"),
        (owner, f"/agenda/?date={day}"),
        (owner, "/?date=9999-12-31"),
        (owner, f"/events/{event_id}/"),
        (owner, "/events/new/"),
        (owner, f"/events/{event_id}/edit/"),
        (owner, f"/events/{event_id}/delete/"),
        (owner, "/events/public/"),
        (owner, f"/invitations/event/{event_id}/people/?q=ax"),
        (owner, "/sharing/"),
        (owner, "/feeds/"),
        (owner, "/accounts/profile/"),
        (owner, "/accounts/delete/"),
        (owner, "/events/zzz/"),
        (guest, f"/events/{event_id}/"),
        (guest, "/invitations/"),
        (guest, f"/sharing/calendar/{owner_id}/month/?date={day}"),
        (guest, f"/sharing/calendar/{owner_id}/week/?date={day}"),
    ]
    figures: dict[str, int] = {}
    problems: dict[str, list[dict[str, object]]] = {}
    names = {id(anonymous): "anonymous", id(owner): "owner", id(guest): "guest"}
    for page, path in pages:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        if scheme == "dark" and page is owner and path.startswith("/week/"):
            shot(page, "calendar-week-dark")
        found = scan(page)
        name = f"{names[id(page)]} {path}"
        figures[name] = len(found)
        if found:
            problems[name] = found

    # An open quick-create form on the grid is part of the page too.
    owner.goto(f"/week/?date={day}")
    owner.locator(f'.tg-day[data-day="{day}"] .tg-add').focus()
    owner.keyboard.press("Enter")
    expect(owner.locator("form.quick-create")).to_be_visible()
    found = scan(owner)
    figures["week + quick create"] = len(found)
    if found:
        problems["week + quick create"] = found

    LOG.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(LOG.read_text()) if LOG.exists() else {}
    LOG.write_text(json.dumps({**previous, scheme: figures}, indent=2))
    assert not problems, json.dumps(problems, indent=2)
