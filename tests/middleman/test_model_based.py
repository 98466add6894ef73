"""Model-based concurrency test: a seeded random workload through the router while subgraphs
fail, are killed and the database restarts; once the faults end and the reconciler has
finished every intent, every invariant holds in all five databases and through the API.

``INTEGRITY_OPS`` (default 150) sets the number of operations, ``INTEGRITY_SEED`` the seed,
``INTEGRITY_REPORT`` a JSON file for the figures (operations, faults, convergence times).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import pytest_asyncio

from tests.middleman import operations as op
from tests.middleman.conftest import Platform, codes
from tests.middleman.fault_proxy import FaultProxy
from tests.middleman.invariants import snapshot, violations
from tests.middleman.model import Model, Workload
from tests.stack.faults.platform import FaultPlatform
from tests.support.processes import ManagedProcess, wait_for_http
from tests.webapp.stack import SUBGRAPHS, Stack, start_stack

OPERATIONS = int(os.environ.get("INTEGRITY_OPS", "150"))
SEED = int(os.environ.get("INTEGRITY_SEED", "12"))
REPORT = os.environ.get("INTEGRITY_REPORT")
PEOPLE = 6
BATCH = 6  # operations sent at once
FAULT_EVERY = 5  # batches between faults
FAULT_LENGTH = 2  # batches a fault lasts
STEP_FIELDS = (
    "joinEvent",
    "setInvitationStatus",
    "grantEventAccess",
    "revokeEventAccess",
    "removeParticipation",
    "removeEventParticipations",
    "removeEventInvitations",
    "removeUserInvitations",
    "setCalendarAccess",
)
FAULT_KINDS = ("down", "step", "kill", "database", "router")
INTENT_LEASE = 10.0  # seconds before a dead router's intents and keys are taken over


@dataclass
class ModelStack:
    platform: Platform
    faults: FaultPlatform


@pytest.fixture(scope="module")
def model_proxy() -> FaultProxy:
    return FaultProxy()


@pytest.fixture(scope="module")
def model_stack(
    tmp_path_factory: pytest.TempPathFactory, model_proxy: FaultProxy
) -> Iterator[Stack]:
    data_dir = tmp_path_factory.mktemp("model")
    urls = {name: model_proxy.url(name) for name in SUBGRAPHS}
    running = start_stack(
        data_dir,
        with_webapp=False,
        router_subgraph_urls=urls,
        database_file=data_dir / "mongoeco.sqlite",
        extra_env={
            "ROUTER_SUBGRAPH_TIMEOUT": "2",
            "ROUTER_SUBGRAPH_USERS_TIMEOUT": "15",  # password hashing (register, deleteAccount)
            "ROUTER_INTENT_LEASE": str(INTENT_LEASE),
            "ROUTER_INTENT_LOCK_WAIT": "2",
        },
    )
    model_proxy.targets = {name: running.subgraphs[name].graphql_url for name in SUBGRAPHS}
    yield running
    running.stop()


@pytest_asyncio.fixture(scope="module")
async def model(model_stack: Stack, model_proxy: FaultProxy) -> AsyncIterator[ModelStack]:
    await model_proxy.start()
    async with httpx.AsyncClient(timeout=60) as http:
        yield ModelStack(Platform(model_stack, model_proxy, http), FaultPlatform(model_stack))
    await model_proxy.stop()


class Faults:
    """Starts and ends one fault at a time; remembers what was injected."""

    def __init__(self, target: ModelStack, rng: random.Random) -> None:
        self._target = target
        self._rng = rng
        self._end: tuple[str, str] | None = None
        self._crash: asyncio.Task[None] | None = None
        self.injected: list[str] = []

    async def start(self) -> None:
        kind = self._rng.choice(FAULT_KINDS)
        proxy, faults = self._target.platform.proxy, self._target.faults
        if kind == "down":
            name = self._rng.choice(SUBGRAPHS)
            proxy.down.add(name)
        elif kind == "step":
            name = self._rng.choice(STEP_FIELDS)
            proxy.refused_fields.add(name)
        elif kind == "kill":
            name = self._rng.choice(("invitations", "participations", "events", "calendars"))
            faults.kill_subgraph(name)
        elif kind == "database":
            name = "mongoeco"
            await asyncio.to_thread(faults.database.stop)
        else:
            name = "router"
            self._crash = asyncio.create_task(self._kill_router_soon())
        self._end = (kind, name)
        self.injected.append(f"{kind}:{name}")

    async def end(self) -> None:
        if self._end is None:
            return
        kind, name = self._end
        proxy, faults = self._target.platform.proxy, self._target.faults
        if kind == "down":
            proxy.down.discard(name)
        elif kind == "step":
            proxy.refused_fields.discard(name)
        elif kind == "kill":
            await asyncio.to_thread(faults.restart_subgraph, name)
            proxy.targets[name] = faults.stack.subgraphs[name].graphql_url
        elif kind == "database":
            await asyncio.to_thread(faults.restart_database)
            await asyncio.to_thread(faults.wait_all_healthy)
        else:
            assert self._crash is not None
            await self._crash
            await asyncio.to_thread(restart_router, faults.stack)
        self._end = None

    async def _kill_router_soon(self) -> None:
        """SIGKILL the router while the next batch is in flight."""
        await asyncio.sleep(self._rng.uniform(0.05, 0.6))
        router_process(self._target.faults.stack).kill()


def router_process(stack: Stack) -> ManagedProcess:
    return next(p for p in stack.processes if "-router-" in p.name)


def restart_router(stack: Stack) -> None:
    """Start the router again on its port with its environment (nothing else restarts)."""
    old = router_process(stack)
    new = ManagedProcess(name=old.name, argv=old.argv, env=old.env).start()
    stack.processes[stack.processes.index(old)] = new
    port = urlsplit(stack.router_url).port
    wait_for_http(f"http://127.0.0.1:{port}/health", new, timeout=60)


async def converge(platform: Platform, timeout: float = 180.0) -> float:
    """Seconds until the reconciler has finished every intent (the timeout bounds a hung run;
    the figure goes to RELIABILITY.md, never into an assertion)."""
    started = time.monotonic()
    while True:
        try:
            state = await snapshot(platform.stack.mongo_uri)
            if not state.pending_intents:
                return time.monotonic() - started
        except Exception:  # the database is coming back
            pass
        if time.monotonic() - started > timeout:
            raise AssertionError("the reconciler did not converge")
        await asyncio.sleep(0.1)


async def api_violations(platform: Platform, model: Model, workload: Workload) -> list[str]:
    """Every user's lists answer without errors and agree with the databases."""
    await workload.renew_tokens(now=True)
    found: list[str] = []
    state = await snapshot(platform.stack.mongo_uri)
    public = await platform.graphql(op.PUBLIC_OWNERS, {})
    if codes(public):
        found.append(f"publicEvents: {codes(public)}")
    for person in model.people:
        if person.id not in state.users:  # deleted while its answer was lost (router crash)
            continue
        token = model.tokens.get(person.id, person.token)
        inbox = await platform.graphql(op.INBOX, {"s": None}, token)
        mine = await platform.graphql(op.MY_PARTICIPATIONS, {}, token)
        if codes(inbox) or codes(mine):
            found.append(f"{person.username}: {codes(inbox)} {codes(mine)}")
            continue
        listed = {node["event"]["id"] for node in mine["data"]["myParticipations"]["nodes"]}
        stored = {event for event, user in state.participations if user == person.id}
        if listed != stored:
            found.append(f"{person.username} takes part in {stored}, the API lists {listed}")
        for node in inbox["data"]["myInvitations"]["nodes"]:
            taking_part = node["event"] is not None and node["event"]["id"] in listed
            if (node["status"] == "ACCEPTED") != taking_part:
                found.append(f"{person.username}: invitation {node['id']} {node['status']}")
    return found


@pytest.mark.timeout(300 + OPERATIONS)  # a long run (INTEGRITY_OPS) needs longer
async def test_random_interleavings_with_faults_keep_every_invariant(model: ModelStack) -> None:
    rng = random.Random(SEED)
    state = Model(rng)
    workload = Workload(model.platform, state)
    await workload.populate(PEOPLE)
    faults = Faults(model, rng)
    convergence: list[float] = []
    batches = 0
    while sum(state.operations.values()) < OPERATIONS:
        if batches % FAULT_EVERY == 1:
            await faults.start()
        await workload.batch(BATCH)
        batches += 1
        if batches % FAULT_EVERY == 1 + FAULT_LENGTH:
            await faults.end()
            convergence.append(await converge(model.platform))
    await faults.end()
    convergence.append(await converge(model.platform))

    found = violations(await snapshot(model.platform.stack.mongo_uri))
    found += await api_violations(model.platform, state, workload)
    _report(state, faults.injected, convergence, found)
    assert found == []


def _report(state: Model, faults: list[str], convergence: list[float], found: list[str]) -> None:
    figures: dict[str, Any] = {
        "seed": SEED,
        "operations": sum(state.operations.values()),
        "by_kind": dict(state.operations),
        "outcomes": dict(state.outcomes),
        "faults": len(faults),
        "fault_list": faults,
        "convergence_p50_s": round(statistics.median(convergence), 2),
        "convergence_max_s": round(max(convergence), 2),
        "violations": found,
    }
    print(json.dumps(figures, indent=1))
    if REPORT:
        Path(REPORT).write_text(json.dumps(figures, indent=1))
