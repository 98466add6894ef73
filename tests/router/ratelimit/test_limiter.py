"""The limiter's arithmetic on a fake clock: burst, window, Retry-After, other processes'
counts, counts that could not be shared."""

from __future__ import annotations

from router.interfaces import Identity
from router.ratelimit import RateLimit, RateLimiter, caller_key


class Clock:
    def __init__(self, now: float = 6000.0) -> None:  # the start of a 60 s window
        self.now = now

    def __call__(self) -> float:
        return self.now


def _admitted(limiter: RateLimiter, key: str, times: int) -> int:
    return sum(limiter.admit(key) is None for _ in range(times))


def test_a_burst_is_cut_and_refills_at_the_steady_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(RateLimit(requests=60, window=60, burst=5), clock)
    assert _admitted(limiter, "a", 10) == 5
    assert limiter.admit("a") == 1  # one token per second
    clock.now += 2
    assert _admitted(limiter, "a", 5) == 2


def test_the_window_limit_gives_the_seconds_until_the_window_ends() -> None:
    clock = Clock()
    limiter = RateLimiter(RateLimit(requests=3, window=60, burst=100), clock)
    assert _admitted(limiter, "a", 3) == 3
    clock.now += 15
    assert limiter.admit("a") == 45
    assert limiter.admit("b") is None  # another caller has its own count


def test_the_previous_window_weighs_in_proportionally() -> None:
    clock = Clock()
    limiter = RateLimiter(RateLimit(requests=10, window=60, burst=100), clock)
    assert _admitted(limiter, "a", 10) == 10
    clock.now += 60 + 30  # half-way through the next window: 10 * 0.5 still counts
    assert _admitted(limiter, "a", 10) == 5


def test_totals_of_other_processes_count() -> None:
    clock = Clock()
    limiter = RateLimiter(RateLimit(requests=10, window=60, burst=100), clock)
    window = limiter.window_number()
    assert limiter.admit("a") is None
    assert limiter.take_pending(window) == {"a": 1}
    limiter.learn(window, {"a": 9})  # eight more elsewhere
    assert _admitted(limiter, "a", 5) == 1


def test_counts_that_could_not_be_shared_are_sent_again() -> None:
    limiter = RateLimiter(RateLimit(requests=10, window=60, burst=100), Clock())
    window = limiter.window_number()
    _admitted(limiter, "a", 3)
    taken = limiter.take_pending(window)
    limiter.restore(window, taken)
    assert limiter.take_pending(window) == {"a": 3}


def test_callers_are_users_when_logged_in_else_client_addresses() -> None:
    assert caller_key(Identity("u1"), "10.0.0.1") == "user:u1"
    assert caller_key(None, "10.0.0.1") == "client:10.0.0.1"
