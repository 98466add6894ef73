"""Introspection from the API schema, explain output and printed plans."""

from __future__ import annotations

from pathlib import Path

from graphql import graphql

from router.engine import Engine, RequestContext
from tests.router.engine.bench_monolith import monolith_schema
from tests.router.engine.conftest import CONTEXT
from tests.router.engine.local_subgraphs import InProcessTransport

PLANS = Path(__file__).parent / "plans"


async def test_introspection_is_answered_from_the_api_schema(bench_engine: Engine) -> None:
    query = "{ __typename __schema { queryType { name } types { name } } }"
    result = await bench_engine.execute(bench_engine.prepare(query, None), None, CONTEXT)
    expected = await graphql(bench_engine.api_schema, query)
    assert result == {"data": expected.data}
    names = {t["name"] for t in result["data"]["__schema"]["types"]}
    assert "Product" in names
    assert not any(name.startswith(("join__", "link__")) for name in names)


async def test_introspection_mixed_with_subgraph_fields(bench_engine: Engine) -> None:
    query = '{ t: __type(name: "Review") { name } topProducts(first: 1) { name } }'
    result = await bench_engine.execute(bench_engine.prepare(query, None), None, CONTEXT)
    assert result == {"data": {"t": {"name": "Review"}, "topProducts": [{"name": "Table"}]}}


async def test_explain_returns_the_plan(bench_engine: Engine) -> None:
    prepared = bench_engine.prepare("{ topProducts { name inStock } }", None)
    result = await bench_engine.execute(prepared, None, RequestContext({}, "x", explain=True))
    plan = result["extensions"]["queryPlan"]
    assert plan["kind"] == "QueryPlan"
    assert plan["node"]["kind"] == "Sequence"
    fetch, flatten = plan["node"]["nodes"]
    assert fetch["operation"] == "{topProducts{__typename name upc}}"
    assert flatten["path"] == ["topProducts", "@"]
    assert flatten["node"]["operation"] == (
        "query($representations:[_Any!]!){_entities(representations:$representations)"
        "{...on Product{inStock}}}"
    )


def test_heavy_plan_matches_snapshot(bench_engine: Engine) -> None:
    document = (PLANS / "bench_heavy.graphql").read_text()
    plan = bench_engine.plan_for(bench_engine.prepare(document, None), None)
    assert plan.pretty() + "\n" == (PLANS / "bench_heavy.plan").read_text()


def test_skip_include_variables_share_one_plan_with_condition_nodes(bench_engine: Engine) -> None:
    prepared = bench_engine.prepare(
        "query($r: Boolean!) { topProducts { name reviews @include(if: $r) { body } } }", None
    )
    with_reviews = bench_engine.plan_for(prepared, {"r": True})
    assert bench_engine.plan_for(prepared, {"r": False}) is with_reviews
    fetch, condition = with_reviews.to_json()["node"]["nodes"]
    assert fetch["kind"] == "Fetch"
    assert (condition["kind"], condition["condition"]) == ("Condition", "r")
    assert condition["ifClause"]["kind"] == "Flatten" and condition["elseClause"] is None


async def test_condition_nodes_skip_fetches_and_keep_answers(
    bench_engine: Engine, bench_transport: InProcessTransport
) -> None:
    query = (
        "query($r: Boolean!) { topProducts(first: 1) { name reviews @include(if: $r) { body } } }"
    )
    prepared = bench_engine.prepare(query, None)
    for value in (True, False):
        bench_transport.calls.clear()
        result = await bench_engine.execute(prepared, {"r": value}, CONTEXT)
        expected = await graphql(monolith_schema(), query, variable_values={"r": value})
        assert result == {"data": expected.data}
        services = sorted(service for service, _ in bench_transport.calls)
        assert services == (["products", "reviews"] if value else ["products"])
