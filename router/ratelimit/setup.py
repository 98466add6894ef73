"""The rate limiter the settings ask for, and its counter sync when the router has a
database (without one, each process limits on its own)."""

from __future__ import annotations

from dataclasses import dataclass

from router.ratelimit.limiter import RateLimit, RateLimiter
from router.ratelimit.sync import CounterSync
from router.ratelimit.tarpit import Tarpit
from router.settings import RouterSettings
from router.state import RateCounters, RouterDatabase


@dataclass
class RateLimiting:
    limiter: RateLimiter
    tarpit: Tarpit
    sync: CounterSync | None

    def start(self) -> None:
        if self.sync is not None:
            self.sync.start()

    async def stop(self) -> None:
        if self.sync is not None:
            await self.sync.stop()


def rate_limiting_from_settings(
    settings: RouterSettings, database: RouterDatabase | None
) -> RateLimiting | None:
    """``None`` when ``ROUTER_RATE_LIMIT_REQUESTS`` is 0."""
    if not settings.rate_limit_requests:
        return None
    limit = RateLimit(
        settings.rate_limit_requests, settings.rate_limit_window, settings.rate_limit_burst
    )
    limiter = RateLimiter(limit)
    sync = None
    if database is not None:
        counters = RateCounters(database, limit.window)
        sync = CounterSync(limiter, counters, settings.rate_limit_sync_interval)
    tarpit = Tarpit(settings.rate_limit_refusal_delay, settings.rate_limit_max_delayed)
    return RateLimiting(limiter, tarpit, sync)
