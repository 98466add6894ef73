"""The router's intent store, key leases and intent runner on a real mongoeco server."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from typing import cast

import pytest
import pytest_asyncio

from router.interfaces import Identity
from router.rules import Durable, Planned, Rule, RuleCall, RuleGateway, RuleViolation
from router.rules.intents import IntentRunner
from router.state import IntentStore, KeyLocks, RouterDatabase
from router.state.intents import ensure_intent_indexes
from tests.support.processes import start_mongoeco

LEASE = timedelta(seconds=30)
CALLER = Identity("u1", frozenset(), {"username": "ann"})


@pytest.fixture(scope="module")
def mongo_uri() -> Iterator[str]:
    process, uri = start_mongoeco("router-state")
    yield uri
    process.stop()


@pytest_asyncio.fixture
async def database(mongo_uri: str) -> AsyncIterator[RouterDatabase]:
    database = RouterDatabase(mongo_uri, f"router-{uuid.uuid4().hex[:8]}")
    await database.ensure(ensure_intent_indexes)
    yield database
    await database.close()


def stores(database: RouterDatabase) -> tuple[IntentStore, KeyLocks]:
    return IntentStore(database.db, LEASE), KeyLocks(database.db, LEASE)


async def test_intents_of_one_key_take_the_lease_in_the_order_they_were_recorded(
    database: RouterDatabase,
) -> None:
    store, locks = stores(database)
    first = await store.record("r", "k", await locks.next_seq("k"), {}, CALLER, "a")
    second = await store.record("r", "k", await locks.next_seq("k"), {}, CALLER, "b")
    assert second.seq > first.seq

    async def no_older() -> bool:
        return not await store.older_pending("k", second.seq)

    assert not await locks.acquire("k", "b", 0.1, no_older)  # the first is still pending
    await store.finish(first.id, "a", "done")
    assert await locks.acquire("k", "b", 0.1, no_older)
    assert not await locks.try_acquire("k", "c")  # held by b
    await locks.release("k", "b")
    assert await locks.try_acquire("k", "c")


async def test_a_due_intent_is_leased_to_one_reconciler_at_a_time(database: RouterDatabase) -> None:
    store, _ = stores(database)
    intent = await store.record("r", None, 0, {"x": 1}, CALLER, "request")
    assert await store.claim_due("reconciler-1") is None  # leased to its request
    await store.retry_later(intent.id, "request", 1, 0.0, "down")
    claims = await asyncio.gather(*(store.claim_due(f"reconciler-{n}") for n in range(4)))
    claimed = [claim for claim in claims if claim is not None]
    assert [claim.id for claim in claimed] == [intent.id]
    assert claimed[0].identity == CALLER and claimed[0].arguments == {"x": 1}


async def test_the_runner_retries_a_failing_step_until_it_succeeds(
    database: RouterDatabase,
) -> None:
    store, locks = stores(database)
    calls: list[str] = []
    failures = [RuleViolation("SUBGRAPH_UNAVAILABLE", "The invitations service is unavailable")]

    async def plan(call: RuleCall) -> Planned:
        return Planned({"n": 1}, "pair")

    async def step(call: RuleCall) -> None:
        calls.append("step")
        if failures:
            raise failures.pop()

    async def replay(call: RuleCall) -> None:
        calls.append("replay")

    rule = Rule("r", "f", "test", durable=Durable(plan, replay=replay, after=(step,)))
    runner = IntentRunner([rule], store, locks, lease=30.0, retry_base=0.01)
    intent = await store.record("r", "pair", await locks.next_seq("pair"), {"n": 1}, CALLER, "x")
    await store.retry_later(intent.id, "x", 0, 0.0, "crashed")
    gateway = cast(RuleGateway, None)  # the steps here never call a subgraph
    call = RuleCall("f", "f", intent.arguments, CALLER, gateway)

    due = await store.claim_due("reconciler")
    assert due is not None
    assert await runner.resume(due, call, "reconciler") == "pending"
    await asyncio.sleep(0.05)
    due = await store.claim_due("reconciler")
    assert due is not None and due.field_applied  # the replay is not repeated
    assert await runner.resume(due, call, "reconciler") == "done"
    assert calls == ["replay", "step", "step"]
    assert await store.pending_count() == 0
    assert await locks.try_acquire("pair", "someone-else")  # released


async def test_a_refusing_step_ends_the_intent(database: RouterDatabase) -> None:
    store, locks = stores(database)

    async def plan(call: RuleCall) -> Planned:
        return Planned({})

    async def refuse(call: RuleCall) -> None:
        raise RuleViolation("NOT_FOUND", "gone")

    rule = Rule("r", "f", "test", durable=Durable(plan, replay=refuse))
    runner = IntentRunner([rule], store, locks)
    intent = await store.record("r", None, 0, {}, CALLER, "x")
    await store.retry_later(intent.id, "x", 0, 0.0, "crashed")
    due = await store.claim_due("reconciler")
    assert due is not None
    call = RuleCall("f", "f", {}, CALLER, cast(RuleGateway, None))
    assert await runner.resume(due, call, "reconciler") == "refused"
    assert await store.pending_count() == 0
