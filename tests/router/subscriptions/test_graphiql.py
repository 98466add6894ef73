"""GraphiQL on the router runs a subscription (over SSE) in a real browser: each event is
shown as it arrives, and stopping the run releases the upstream subscription."""

from __future__ import annotations

import asyncio

from tests.router.http.test_graphiql_browser import graphiql_page, pytestmark, run_query
from tests.router.subscriptions.conftest import Stack

__all__ = ["pytestmark"]


async def test_graphiql_runs_a_subscription(stack: Stack) -> None:
    base = stack.router_url.removesuffix("/graphql")
    typed = "subscription { reviewAdded(every: 0.5, count: 1000) { id product { shippingEstimate"
    async with graphiql_page() as page:
        text = await run_query(page, base, typed, '"r2"')  # the second event replaced the first
        assert '"shippingEstimate": 490' in text
        await asyncio.to_thread(stack.wait_live, 1)
        await page.locator(".graphiql-execute-button").click()  # stop
        await asyncio.to_thread(stack.wait_live, 0)
