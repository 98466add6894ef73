"""The background task that shares each process's counts through the router's database."""

from __future__ import annotations

import asyncio
import logging

from pymongo.errors import PyMongoError

from router.background import BackgroundTask
from router.ratelimit.limiter import RateLimiter
from router.state.rate_counters import RateCounters

logger = logging.getLogger("router.ratelimit")


class CounterSync:
    """Every ``interval`` seconds: add local counts to the store, read the totals back."""

    def __init__(self, limiter: RateLimiter, counters: RateCounters, interval: float) -> None:
        self._limiter = limiter
        self._counters = counters
        self._interval = interval
        self._task = BackgroundTask("rate-limit-sync", self._run)

    def start(self) -> None:
        self._task.start()

    async def stop(self) -> None:
        await self._task.stop()
        await self.sync_once()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            await self.sync_once()

    async def sync_once(self) -> None:
        limiter = self._limiter
        window = limiter.window_number()
        pending = limiter.take_pending(window)
        try:
            await self._counters.add(window, pending)
        except PyMongoError as error:  # keep counting locally; flushed with the next sync
            limiter.restore(window, pending)
            logger.warning("rate limit counters not shared (%s)", error)
            return
        try:
            totals = await self._counters.read(window, limiter.active_keys(window))
        except PyMongoError as error:
            logger.warning("rate limit totals not read (%s)", error)
            return
        limiter.learn(window, totals)
        limiter.forget_idle(window)
