"""The cost-weighted admission gate: cheap operations never wait, the rest share the
capacity, cheaper ones first; a cancelled wait gives its place back."""

from __future__ import annotations

import asyncio

from router.demand import CostGate


async def _hold(gate: CostGate, cost: int, log: list[int], release: asyncio.Event) -> None:
    async with gate.admitted(cost):
        log.append(cost)
        await release.wait()


async def test_cheap_operations_pass_a_full_gate() -> None:
    gate = CostGate(capacity=100, free=10)
    release = asyncio.Event()
    log: list[int] = []
    holder = asyncio.create_task(_hold(gate, 100, log, release))
    await asyncio.sleep(0)
    async with gate.admitted(10):
        assert gate.in_flight == 100
    release.set()
    await holder
    assert gate.in_flight == 0


async def test_waiting_operations_go_cheapest_first() -> None:
    gate = CostGate(capacity=100, free=0)
    release = asyncio.Event()
    log: list[int] = []
    first = asyncio.create_task(_hold(gate, 80, log, release))
    await asyncio.sleep(0)
    later = [asyncio.create_task(_hold(gate, cost, log, asyncio.Event())) for cost in (90, 30)]
    await asyncio.sleep(0)
    assert log == [80]
    release.set()
    await first
    await asyncio.sleep(0)
    assert log == [80, 30]  # 30 then waits for 90: 30 + 90 > 100
    for task in later:
        task.cancel()
    await asyncio.gather(*later, return_exceptions=True)
    assert gate.in_flight == 0


async def test_an_operation_above_the_capacity_runs_alone() -> None:
    gate = CostGate(capacity=100, free=0)
    async with gate.admitted(500):
        assert gate.in_flight == 500


async def test_a_cancelled_wait_gives_its_place_back() -> None:
    gate = CostGate(capacity=100, free=0)
    release = asyncio.Event()
    log: list[int] = []
    holder = asyncio.create_task(_hold(gate, 100, log, release))
    await asyncio.sleep(0)
    waiter = asyncio.create_task(_hold(gate, 50, log, asyncio.Event()))
    await asyncio.sleep(0)
    waiter.cancel()
    await asyncio.gather(waiter, return_exceptions=True)
    release.set()
    await holder
    assert gate.in_flight == 0
    async with gate.admitted(100):
        assert log == [100]
