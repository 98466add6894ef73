"""Estimated and actual costs from ``@cost`` / ``@listSize`` on a composed fixture supergraph
(two subgraphs; weights on types, fields, arguments and input fields; slicing arguments,
assumed and sized lists, abstract types, mutations)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from router.demand import DemandPolicy, actual_cost
from tests.support.costs import OfflineCosts
from tests.support.supergraphs import fixture_supergraph

FIXTURE = Path(__file__).parent / "fixture"
DEFAULT_LIST_SIZE = 10


@pytest.fixture(scope="module")
def costs() -> OfflineCosts:
    return OfflineCosts(fixture_supergraph(FIXTURE).read_text())


ESTIMATES = {
    "slicing argument defaulted": ("{ products { id } }", {}, 5),
    "largest of two slicing arguments": ("{ products(first: 2, last: 7) { id } }", {}, 7),
    "slicing argument from a variable": (
        "query($n: Int) { products(first: $n) { id } }",
        {"n": 3},
        3,
    ),
    "assumed size": ("{ featured { name } }", {}, 3),
    "default list size": ("{ unsized { id } }", {}, DEFAULT_LIST_SIZE),
    "sized fields": ("{ page(first: 8) { items { id } total } }", {}, 1 + 8 + 3),
    "weighted type": ("{ products(first: 1) { price { amount } } }", {}, 1 + 6),
    "weighted field of another subgraph": ("{ products(first: 1) { inStock } }", {}, 1 + 20),
    "nested lists multiply": ("{ products(first: 2) { reviews { stars } } }", {}, 2 * (1 + 2)),
    "arguments, input fields and the costliest possible type": (
        '{ search(filter: {text: "a", nested: {text: "b"}}, exact: true) {'
        " ... on Product { price { amount } } ... on Review { stars } } }",
        {},
        7 + 4 + 4 + 2 * (1 + 6),
    ),
    "introspection is free": ("{ __typename products(first: 1) { __typename id } }", {}, 1),
    "a mutation's base cost": ('mutation { restock(id: "1") { id } }', {}, 10 + 1),
}


@pytest.mark.parametrize(("query", "variables", "expected"), ESTIMATES.values(), ids=ESTIMATES)
def test_estimated_cost(
    costs: OfflineCosts, query: str, variables: dict[str, Any], expected: int
) -> None:
    assert costs.estimate(query, variables, DEFAULT_LIST_SIZE) == expected


def test_actual_cost_counts_the_items_returned(costs: OfflineCosts) -> None:
    query = "{ products(first: 50) { reviews { stars } price { amount } } }"
    data = {
        "products": [
            {"reviews": [{"stars": 1}], "price": {"amount": 3}},
            {"reviews": [], "price": None},
        ]
    }
    assert costs.estimate(query, {}, DEFAULT_LIST_SIZE) == 50 * (1 + 2 + 6)
    assert actual_cost(costs.model, costs.operation(query), {}, data) == 2 * 1 + 1 + 6


def test_actual_cost_of_an_abstract_type_follows_typename(costs: OfflineCosts) -> None:
    query = "{ search { __typename ... on Product { price { amount } } ... on Review { stars } } }"
    data = {"search": [{"__typename": "Review", "stars": 2}, {"__typename": "Product"}]}
    assert actual_cost(costs.model, costs.operation(query), {}, data) == 2


def test_policy_refuses_above_the_budget_with_the_estimate() -> None:
    policy = DemandPolicy(anonymous_budget=10, authenticated_budget=100)
    assert policy.refusal(10, authenticated=False) is None
    assert policy.refusal(50, authenticated=True) is None
    refused = policy.refusal(11, authenticated=False)
    assert refused is not None
    assert refused[0]["extensions"] == {
        "code": "COST_ESTIMATED_TOO_EXPENSIVE",
        "estimatedCost": 11,
        "maxCost": 10,
    }
    assert DemandPolicy(mode="measure", anonymous_budget=0).refusal(99, False) is None
