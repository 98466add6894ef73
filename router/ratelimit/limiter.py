"""The limits and the in-memory state of one router process.

Two limits per caller: ``burst`` requests at once (a token bucket per process, refilled at
``requests / window`` per second), and ``requests`` per ``window`` seconds over all processes
(fixed windows numbered from the epoch, so every process agrees; the previous window's count
weighs in proportionally, a sliding-window estimate). The global count a process sees is the
last total read from the shared store plus what it counted since: a caller spreading requests
over N processes may exceed the limit by what N-1 processes admit between two syncs.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RateLimit:
    requests: int  # per window, all processes together
    window: float  # seconds
    burst: int  # at once, per process

    @property
    def rate(self) -> float:
        return self.requests / self.window


class _Caller:
    __slots__ = ("known", "pending", "previous", "refilled_at", "tokens", "window")

    def __init__(self, burst: int, now: float, window: int) -> None:
        self.tokens = float(burst)
        self.refilled_at = now
        self.window = window
        self.known = 0  # the window's total over all processes, as last read (ours included)
        self.pending = 0  # counted here since the last flush
        self.previous = 0  # the previous window's total


class RateLimiter:
    """``admit(key)``: ``None`` to serve the request, else the seconds to wait."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.time) -> None:
        self.limit = limit
        self._clock = clock
        self._callers: dict[str, _Caller] = {}

    def window_number(self, now: float | None = None) -> int:
        return int((self._clock() if now is None else now) // self.limit.window)

    def admit(self, key: str) -> int | None:
        limit = self.limit
        now = self._clock()
        window = self.window_number(now)
        caller = self._callers.get(key)
        if caller is None:
            caller = self._callers[key] = _Caller(limit.burst, now, window)
        elif caller.window != window:
            self._roll(caller, window)
        caller.tokens = min(limit.burst, caller.tokens + (now - caller.refilled_at) * limit.rate)
        caller.refilled_at = now
        if caller.tokens < 1:
            return _seconds((1 - caller.tokens) / limit.rate)
        elapsed = now / limit.window - window  # fraction of this window gone
        current = caller.known + caller.pending
        if caller.previous * (1 - elapsed) + current >= limit.requests:
            return _seconds(self._wait(caller.previous, current, elapsed))
        caller.tokens -= 1
        caller.pending += 1
        return None

    def _wait(self, previous: int, current: int, elapsed: float) -> float:
        """Seconds until the sliding estimate drops below the limit (at least this window's
        end when this window alone is full)."""
        limit = self.limit
        if current >= limit.requests or previous == 0:
            return (1 - elapsed) * limit.window
        needed = 1 - (limit.requests - current) / previous  # the elapsed fraction it takes
        return max(needed - elapsed, 0.0) * limit.window

    @staticmethod
    def _roll(caller: _Caller, window: int) -> None:
        total = caller.known + caller.pending
        caller.previous = total if caller.window == window - 1 else 0
        caller.window, caller.known, caller.pending = window, 0, 0

    # -- for CounterSync ---------------------------------------------------------------

    def take_pending(self, window: int) -> dict[str, int]:
        """This window's unflushed counts, now counted as known (until the totals come)."""
        taken: dict[str, int] = {}
        for key, caller in self._callers.items():
            if caller.window == window and caller.pending:
                taken[key] = caller.pending
                caller.known += caller.pending
                caller.pending = 0
        return taken

    def restore(self, window: int, taken: dict[str, int]) -> None:
        """Counts that could not be flushed: pending again."""
        for key, count in taken.items():
            caller = self._callers.get(key)
            if caller is not None and caller.window == window:
                caller.known -= count
                caller.pending += count

    def active_keys(self, window: int) -> list[str]:
        return [key for key, caller in self._callers.items() if caller.window == window]

    def learn(self, window: int, totals: dict[str, int]) -> None:
        """Totals over all processes, as the shared store holds them."""
        for key, total in totals.items():
            caller = self._callers.get(key)
            if caller is not None and caller.window == window:
                caller.known = max(caller.known, total)

    def forget_idle(self, window: int) -> None:
        """Drop callers not seen in this window or the previous one."""
        idle = [key for key, caller in self._callers.items() if caller.window < window - 1]
        for key in idle:
            del self._callers[key]


def _seconds(wait: float) -> int:
    return max(1, math.ceil(wait))
