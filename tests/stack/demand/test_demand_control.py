"""Demand control on the real stack: the amplification of the issue and schema-generated
deep and wide operations are refused before any subgraph request; everyday operations run
and their actual cost is exported."""

from __future__ import annotations

import re

import pytest
from graphql import build_client_schema, get_introspection_query

from tests.stack.demand.generated import expensive_operations
from tests.stack.fuzz.platform import Person, Platform
from tests.stack.fuzz.properties import error_codes
from tests.support.costs import AMPLIFICATION
from tests.support.counting_proxy import CountingProxy

REFUSED = "COST_ESTIMATED_TOO_EXPENSIVE"
ALIASED_AMPLIFICATION = "{ " + " ".join(f"a{n}: {AMPLIFICATION[2:-2]}" for n in range(4)) + " }"


@pytest.fixture(scope="module")
def someone(platform: Platform) -> Person:
    return platform.new_person("demand")


def _refused_without_subgraph_calls(
    platform: Platform, proxy: CountingProxy, query: str, token: str | None
) -> None:
    before = proxy.total()
    body = platform.post({"query": query}, token).json()
    assert error_codes(body) == [REFUSED], body
    assert body.get("data") is None
    extensions = body["errors"][0]["extensions"]
    assert extensions["estimatedCost"] > extensions["maxCost"]
    assert proxy.total() == before, "a subgraph was called for a refused operation"


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "logged in"])
@pytest.mark.parametrize("query", [AMPLIFICATION, ALIASED_AMPLIFICATION], ids=["1", "4 aliases"])
def test_the_amplification_query_is_refused_before_any_subgraph_request(
    platform: Platform, proxy: CountingProxy, someone: Person, query: str, logged_in: bool
) -> None:
    _refused_without_subgraph_calls(platform, proxy, query, someone.token if logged_in else None)


def test_generated_deep_and_wide_operations_are_refused_before_any_subgraph_request(
    platform: Platform, proxy: CountingProxy, someone: Person
) -> None:
    introspection = platform.data(get_introspection_query())
    schema = build_client_schema(introspection)  # type: ignore[arg-type]
    for number, query in enumerate(expensive_operations(schema, count=30, seed=13)):
        token = someone.token if number % 3 == 0 else None
        _refused_without_subgraph_calls(platform, proxy, query, token)


def test_an_everyday_query_runs_and_its_actual_cost_is_exported(
    platform: Platform, proxy: CountingProxy, someone: Person
) -> None:
    before = proxy.total()
    platform.data("{ publicEvents(first: 20) { nodes { id owner { id } } } }")
    platform.data("{ myEvents(first: 100) { nodes { id title } } }", token=someone.token)
    assert proxy.total() > before
    platform.post({"query": AMPLIFICATION})
    metrics = platform.http.get(platform.url.removesuffix("graphql") + "metrics").text
    assert re.search(r'router_operation_cost_count\{kind="actual"\} [1-9]', metrics), metrics
    assert re.search(r'router_operation_cost_refused_total\{caller="anonymous"\}', metrics)
