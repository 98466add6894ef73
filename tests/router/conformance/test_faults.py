"""Faults: a subgraph killed mid-suite, and one slower than the router's per-subgraph timeout.

Only our router is checked. The ``faults`` fixture has ``core`` (Query.items, Item.name),
``extras`` (Item.extra, served by its own process so it can be killed) and ``slow``
(Item.eta, answers after 3 s while ROUTER_SUBGRAPH_SLOW_TIMEOUT is 1 s).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.router.conformance.harness import (
    Json,
    start_router,
    start_subgraph_server,
    supergraph_of,
)
from tests.support.processes import ManagedProcess

NAMES = [{"name": "Anvil"}, {"name": "Bell"}]


class FaultStack:
    def __init__(self) -> None:
        self.core, core_base = start_subgraph_server("faults/core", "faults/slow")
        self.extras, extras_base = start_subgraph_server("faults/extras")
        self.router: ManagedProcess | None = None
        self.router, self.url = start_router(
            supergraph_of("faults"),
            core_base,
            {
                "ROUTER_SUBGRAPH_EXTRAS_URL": f"{extras_base}/faults/extras/graphql",
                "ROUTER_SUBGRAPH_SLOW_TIMEOUT": "1",
            },
        )

    def query(self, query: str) -> Json:
        response = httpx.post(self.url, json={"query": query}, timeout=30)
        return response.json()

    def stop(self) -> None:
        for proc in (self.router, self.extras, self.core):
            if proc is not None:
                proc.stop()


@pytest.fixture(scope="module")
def stack() -> Iterator[FaultStack]:
    stack = FaultStack()
    yield stack
    stack.stop()


def _assert_field_errors(body: Json, field: str, subgraph: str) -> None:
    errors = body.get("errors") or []
    assert errors, f"expected errors for {field}: {body}"
    for error in errors:
        assert error.get("extensions", {}).get("code") == "SUBGRAPH_UNAVAILABLE", error
        assert subgraph in error.get("message", ""), f"error does not name {subgraph}: {error}"
        path = error.get("path") or []
        # GraphQL spec 7.1.2: the path leads from the root to the field in error.
        assert path[:1] == ["items"] and path[-1:] == [field], f"path should be items.N.{field}"


def test_all_subgraphs_up(stack: FaultStack) -> None:
    body = stack.query("{ items { name extra } }")
    assert body == {
        "data": {"items": [{**NAMES[0], "extra": "extra-1"}, {**NAMES[1], "extra": "extra-2"}]}
    }


def test_killed_subgraph_costs_only_its_fields(stack: FaultStack) -> None:
    stack.extras.kill()
    body = stack.query("{ items { id name extra } }")
    assert body.get("data") == {
        "items": [{"id": "1", **NAMES[0], "extra": None}, {"id": "2", **NAMES[1], "extra": None}]
    }, body
    _assert_field_errors(body, "extra", "extras")


def test_fields_of_live_subgraphs_still_served_after_kill(stack: FaultStack) -> None:
    assert stack.query("{ items { name } }") == {"data": {"items": NAMES}}


def test_slow_subgraph_times_out_and_rest_is_returned(stack: FaultStack) -> None:
    body = stack.query("{ items { name eta } }")
    assert body.get("data") == {"items": [{**NAMES[0], "eta": None}, {**NAMES[1], "eta": None}]}, (
        body
    )
    _assert_field_errors(body, "eta", "slow")
