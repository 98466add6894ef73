"""End to end on the classic benchmark supergraph, checked against a monolith oracle."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import graphql

from router.engine import Engine
from tests.router.engine.bench_monolith import monolith_schema
from tests.router.engine.conftest import CONTEXT
from tests.router.engine.local_subgraphs import InProcessTransport

HEAVY = """
query Heavy {
  topProducts {
    upc name price weight inStock shippingEstimate
    reviews {
      id body
      author { id name username reviews { id body product { upc name inStock shippingEstimate } } }
      product { upc name }
    }
  }
}
"""

QUERIES: dict[str, tuple[str, dict[str, Any] | None]] = {
    "heavy": (HEAVY, None),
    "aliases": ("{ a: topProducts(first: 1) { n: name x: upc } b: topProducts { upc } }", None),
    "typename": (
        "{ __typename topProducts { __typename reviews { __typename author { __typename } } } }",
        None,
    ),
    "named_fragments": (
        """query { me { ...U reviews { ...R } } }
        fragment U on User { id name }
        fragment R on Review { body product { ...P } }
        fragment P on Product { name shippingEstimate }""",
        None,
    ),
    "inline_fragments": ("{ topProducts { ... on Product { name ... { inStock } } } }", None),
    "variables": (
        "query($n: Int, $id: ID!) { topProducts(first: $n) { name } user(id: $id) { name } }",
        {"n": 2, "id": "2"},
    ),
    "default_variable": ("query($n: Int = 1) { topProducts(first: $n) { name } }", None),
    "skip_include": (
        """query($yes: Boolean!, $no: Boolean!) {
          topProducts { name @include(if: $yes) price @include(if: $no)
            reviews @skip(if: $no) { body author @skip(if: $yes) { name } } } }""",
        {"yes": True, "no": False},
    ),
    "merged_fields": (
        "{ me { name } me { id reviews { body } } me { reviews { product { name } } } }",
        None,
    ),
    "provides": ("{ me { reviews { author { username } } } }", None),
    "missing_user": ('{ user(id: "nope") { name } }', None),
}


@pytest.mark.parametrize("name", sorted(QUERIES))
async def test_matches_monolith(
    name: str, bench_engine: Engine, bench_transport: InProcessTransport
) -> None:
    query, variables = QUERIES[name]
    expected = await graphql(monolith_schema(), query, variable_values=variables)
    assert not expected.errors
    prepared = bench_engine.prepare(query, None)
    result = await bench_engine.execute(prepared, variables, CONTEXT)
    assert result == {"data": expected.data}


async def test_heavy_query_fetch_count(
    bench_engine: Engine, bench_transport: InProcessTransport
) -> None:
    prepared = bench_engine.prepare(HEAVY, None)
    await bench_engine.execute(prepared, None, CONTEXT)
    services = sorted(service for service, _ in bench_transport.calls)
    # products: root, then review.product and author.reviews.product in one call (same
    # level, same selection); inventory: top only, as it answered the nested products
    # before they were needed (entity reuse within a request; the in-process subgraphs
    # answer in plan order). Apollo Gateway 2.14 needs 8 fetches here.
    assert services == ["accounts", "inventory", "products", "products", "reviews"]


async def test_representations_are_deduplicated(
    bench_engine: Engine, bench_transport: InProcessTransport
) -> None:
    prepared = bench_engine.prepare("{ topProducts { reviews { author { name } } } }", None)
    await bench_engine.execute(prepared, None, CONTEXT)
    accounts = [body for service, body in bench_transport.calls if service == "accounts"]
    assert len(accounts) == 1
    assert accounts[0]["variables"]["representations"] == [
        {"__typename": "User", "id": "1"},
        {"__typename": "User", "id": "2"},
    ]


async def test_provided_field_needs_no_accounts_fetch(
    bench_engine: Engine, bench_transport: InProcessTransport
) -> None:
    prepared = bench_engine.prepare("{ me { reviews { author { username } } } }", None)
    await bench_engine.execute(prepared, None, CONTEXT)
    assert [service for service, _ in bench_transport.calls] == ["accounts", "reviews"]


async def test_plan_is_cached(bench_engine: Engine) -> None:
    prepared = bench_engine.prepare(HEAVY, None)
    assert bench_engine.plan_for(prepared, None) is bench_engine.plan_for(prepared, None)
    assert bench_engine.prepare(HEAVY, None) is prepared
