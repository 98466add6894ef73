"""Cost-weighted admission: at most ``capacity`` estimated cost executing at once per
process, cheaper operations first; an operation costing at most ``free`` never waits.

Under a flood of expensive operations that each fit the budget, the router keeps serving
cheap ones at once instead of queueing them behind the flood. An operation costlier than
``capacity`` still runs, alone.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class CostGate:
    def __init__(self, capacity: int, free: int) -> None:
        self.capacity = capacity
        self.free = free
        self.in_flight = 0
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    @asynccontextmanager
    async def admitted(self, cost: int) -> AsyncIterator[None]:
        """Hold ``cost`` of the capacity while the block runs."""
        if cost <= self.free or self.capacity <= 0:
            yield
            return
        granted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (cost, next(self._order), granted))
        self._grant()
        try:
            await granted
        except asyncio.CancelledError:
            if granted.done() and not granted.cancelled():
                self._release(cost)  # granted just before the caller went away
            else:
                granted.cancel()  # skipped by _grant
            raise
        try:
            yield
        finally:
            self._release(cost)

    def _release(self, cost: int) -> None:
        self.in_flight -= cost
        self._grant()

    def _grant(self) -> None:
        waiting = self._waiting
        while waiting:
            cost, _, granted = waiting[0]
            if granted.done():  # cancelled while waiting
                heapq.heappop(waiting)
                continue
            if self.in_flight and self.in_flight + cost > self.capacity:
                return
            heapq.heappop(waiting)
            self.in_flight += cost
            granted.set_result(None)
