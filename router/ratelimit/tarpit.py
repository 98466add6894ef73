"""Refusals that take their time: a rate-limited request is answered after up to ``delay``
seconds, so a client that floods one connection (the next request only after the answer)
gets a few refusals a second instead of thousands, and the router's CPU stays with everyone
else. At most ``capacity`` refusals wait at once; beyond that they are answered at once."""

from __future__ import annotations

import asyncio


class Tarpit:
    def __init__(self, delay: float, capacity: int) -> None:
        self.delay = delay
        self.capacity = capacity
        self.holding = 0

    async def hold(self, retry_after: float) -> None:
        """Wait ``min(delay, retry_after)`` seconds, unless ``capacity`` refusals already do."""
        if self.delay <= 0 or self.holding >= self.capacity:
            return
        self.holding += 1
        try:
            await asyncio.sleep(min(self.delay, retry_after))
        finally:
            self.holding -= 1
