"""Per-caller rate limiting (``RATE_LIMITED`` with ``Retry-After``), shared by every router
process through the router's database (``router.state.RateCounters``).

The hot path is local: each process counts in memory and checks its count plus the last
known total of the other processes; ``CounterSync`` flushes the local counts and reads the
totals back every ``ROUTER_RATE_LIMIT_SYNC_INTERVAL`` seconds. ``Tarpit`` delays refusals.
"""

from router.ratelimit.keys import caller_key
from router.ratelimit.limiter import RateLimit, RateLimiter
from router.ratelimit.setup import RateLimiting, rate_limiting_from_settings
from router.ratelimit.sync import CounterSync
from router.ratelimit.tarpit import Tarpit

__all__ = [
    "CounterSync",
    "RateLimit",
    "RateLimiter",
    "RateLimiting",
    "Tarpit",
    "caller_key",
    "rate_limiting_from_settings",
]
