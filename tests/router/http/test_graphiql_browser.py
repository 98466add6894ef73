"""GraphiQL really renders in a browser, from local assets only, and runs queries (deferred
results included)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from playwright.async_api import Page, async_playwright

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


@asynccontextmanager
async def graphiql_page() -> AsyncIterator[Page]:
    """A new page in Debian's Chromium (the page is opened by the caller, to watch requests)."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield await browser.new_page()
        finally:
            await browser.close()


async def run_query(page: Page, base: str, typed: str, expected: str) -> str:
    """Open GraphiQL, type ``typed`` (the editor closes brackets), run it, wait for
    ``expected`` in the result; the result text."""
    await page.goto(f"{base}/graphql")
    await page.wait_for_selector(".graphiql-container", timeout=20_000)
    await page.locator(".graphiql-query-editor .CodeMirror").first.click()
    await page.keyboard.press("Control+A")
    await page.keyboard.type(typed)
    await page.keyboard.press("Control+Enter")
    result = page.locator(".result-window")
    await result.get_by_text(expected).wait_for(timeout=20_000)
    return await result.inner_text()


async def test_graphiql_renders_and_runs_a_query(dev_router: str) -> None:
    foreign: list[str] = []
    failed: list[str] = []
    async with graphiql_page() as page:
        page.on(
            "request",
            lambda request: (
                None if request.url.startswith(dev_router) else foreign.append(request.url)
            ),
        )
        page.on(
            "response",
            lambda response: failed.append(response.url) if response.status >= 400 else None,
        )
        await run_query(page, dev_router, "{ hello", '"world"')
    assert foreign == []
    assert failed == []


async def test_graphiql_shows_deferred_results(dev_router: str) -> None:
    accepts: list[str] = []
    async with graphiql_page() as page:
        page.on(
            "request",
            lambda request: (
                accepts.append(request.headers.get("accept", ""))
                if request.method == "POST"
                else None
            ),
        )
        text = await run_query(
            page, dev_router, "{ hello ... @defer { slow(milliseconds: 200)", '"done"'
        )
    assert '"world"' in text and '"done"' in text
    assert any("multipart/mixed" in accept for accept in accepts)
