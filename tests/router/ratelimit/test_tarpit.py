"""Refusals wait, but never more than ``capacity`` at once."""

from __future__ import annotations

import asyncio

from router.ratelimit import Tarpit


async def test_refusals_wait_up_to_the_capacity_then_go_at_once() -> None:
    tarpit = Tarpit(delay=60.0, capacity=1)
    held = asyncio.create_task(tarpit.hold(30.0))
    await asyncio.sleep(0)
    assert tarpit.holding == 1
    await tarpit.hold(30.0)  # the tarpit is full: no wait (the test would hang otherwise)
    assert not held.done()
    held.cancel()
    await asyncio.gather(held, return_exceptions=True)
    assert tarpit.holding == 0


async def test_no_delay_configured_means_no_wait() -> None:
    tarpit = Tarpit(delay=0.0, capacity=10)
    await tarpit.hold(30.0)
    assert tarpit.holding == 0
