"""Shared pieces of the browser tests: Chromium options, screenshots and page helpers (the
fixtures ``stack``, ``browser`` and ``new_page`` are in ``conftest.py``)."""

from __future__ import annotations

import os
import shutil
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.support.processes import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = (
    PROJECT_ROOT / "docs" / "screenshots"
    if os.environ.get("UPDATE_SCREENSHOTS") == "1"
    else PROJECT_ROOT / ".data" / "test-logs" / "screenshots"
)
ZONE = "Europe/Paris"
PASSWORD = "correct-horse-42"

expect.set_options(timeout=15_000)  # the machine is shared: be patient, never time-based

# Locally, a missing browser skips; in CI (CI=true) the browser is installed by .ci/run and a
# missing one must fail loudly instead of hiding the browser tests.
needs_chromium = pytest.mark.skipif(
    shutil.which(CHROMIUM) is None and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (apt-get install chromium)",
)


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:6]}"


def tomorrow() -> datetime:
    now = datetime.now(ZoneInfo(ZONE))
    return (now + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def register(page: Page, username: str, display_name: str) -> None:
    page.goto("/accounts/register/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Display name").fill(display_name)
    page.get_by_label("Email").fill(f"{username}@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("Time zone").select_option(ZONE)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Create your account")
    expect(page.locator(".site-header")).to_contain_text(display_name)


def create_event(page: Page, title: str, start: datetime, *, public: bool = False) -> str:
    page.goto("/events/new/")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Starts").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends").fill((start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Time zone").select_option(ZONE)
    if public:
        page.get_by_label("Public").check()
    page.get_by_role("button", name="Save event").click()
    expect(page.locator("#event-title")).to_have_text(title)
    return page.url.rstrip("/").rsplit("/", 1)[-1]


def mark(page: Page) -> None:
    """Tag the window; the tag survives only if the page is never reloaded."""
    page.evaluate("window.__noReload = 'still here'")


def not_reloaded(page: Page) -> bool:
    return bool(page.evaluate("window.__noReload === 'still here'"))
