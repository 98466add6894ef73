"""GraphiQL really renders in a browser, from local assets only, and runs a query."""

from __future__ import annotations

import shutil

import pytest
from playwright.async_api import async_playwright

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
async def test_graphiql_renders_and_runs_a_query(dev_router: str) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page()
            foreign: list[str] = []
            page.on(
                "request",
                lambda request: (
                    None if request.url.startswith(dev_router) else foreign.append(request.url)
                ),
            )
            failed: list[str] = []
            page.on(
                "response",
                lambda response: failed.append(response.url) if response.status >= 400 else None,
            )
            await page.goto(f"{dev_router}/graphql")
            await page.wait_for_selector(".graphiql-container", timeout=20_000)
            editor = page.locator(".graphiql-query-editor .CodeMirror").first
            await editor.click()
            await page.keyboard.press("Control+A")
            await page.keyboard.type("{ hello")
            await page.keyboard.press("Control+Enter")
            result = page.locator(".result-window")
            await result.get_by_text('"world"').wait_for(timeout=20_000)
        finally:
            await browser.close()
    assert foreign == []
    assert failed == []


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
async def test_graphiql_shows_deferred_results(dev_router: str) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page()
            accepts: list[str] = []
            page.on(
                "request",
                lambda request: (
                    accepts.append(request.headers.get("accept", ""))
                    if request.method == "POST"
                    else None
                ),
            )
            await page.goto(f"{dev_router}/graphql")
            await page.wait_for_selector(".graphiql-container", timeout=20_000)
            editor = page.locator(".graphiql-query-editor .CodeMirror").first
            await editor.click()
            await page.keyboard.press("Control+A")
            await page.keyboard.type("{ hello ... @defer { slow(milliseconds: 200)")
            await page.keyboard.press("Control+Enter")
            result = page.locator(".result-window")
            await result.get_by_text('"done"').wait_for(timeout=20_000)
            text = await result.inner_text()
        finally:
            await browser.close()
    assert '"world"' in text and '"done"' in text
    assert any("multipart/mixed" in accept for accept in accepts)
