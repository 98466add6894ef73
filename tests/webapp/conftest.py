"""Django set up once for the web app's tests: development settings, a throwaway data dir,
and a router URL where nothing listens (tests that need the router start the real stack);
the stack and browser fixtures of the browser tests."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import django
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.support.processes import free_port
from tests.webapp.browser import CHROMIUM, CHROMIUM_ARGS
from tests.webapp.stack import Stack, start_stack

DATA_DIR = Path(tempfile.mkdtemp(prefix="webapp-tests-"))
NOWHERE = f"http://127.0.0.1:{free_port()}/graphql"

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapp.settings.development")
os.environ["WEBAPP_DATA_DIR"] = str(DATA_DIR)
os.environ["ROUTER_URL"] = NOWHERE
os.environ["ROUTER_TIMEOUT"] = "3"
django.setup()


@pytest.fixture(scope="session")
def django_db() -> None:
    """Apply migrations to the throwaway SQLite database once."""
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The whole platform for one test module (``WEBAPP_E2E_URL``: a running one instead)."""
    reuse = os.environ.get("WEBAPP_E2E_URL")  # developer shortcut: an already running stack
    if reuse:
        yield Stack(tmp_path_factory.mktemp("unused"), webapp_url=reuse.rstrip("/"))
        return
    running = start_stack(tmp_path_factory.mktemp("webapp-stack"))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def new_page(browser: Browser, stack: Stack) -> Iterator[Callable[..., Page]]:
    """Pages in fresh contexts; keyword arguments go to ``Browser.new_context`` (viewport,
    ``timezone_id``, ``color_scheme``…)."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> Page:
        options.setdefault("viewport", {"width": 1200, "height": 860})
        context = browser.new_context(base_url=stack.webapp_url, **options)
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
