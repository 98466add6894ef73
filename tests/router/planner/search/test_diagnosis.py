"""`unreachable`: why an operation cannot be planned, naming fields and subgraphs."""

from __future__ import annotations

import pytest

from router.planner import PlanningError
from router.planner.search import Search
from router.planner.search.diagnosis import unreachable
from tests.router.conftest import federation
from tests.router.supergraphs import UNPLANNABLE, shop


def _error(query: str) -> str:
    with pytest.raises(PlanningError) as raised:
        federation(**UNPLANNABLE).plan(query)
    return str(raised.value)


def test_each_subgraph_is_named_with_the_field_it_cannot_reach() -> None:
    assert _error('{ asset(id: "c1") { id } }') == (
        "Query.asset cannot be planned: Bond.id is not reachable through ledger;"
        " Coin.id is not reachable through vault"
    )


def test_the_deepest_unreachable_fields_are_named() -> None:
    assert _error('{ asset(id: "b1") { ... on Coin { mint } ... on Bond { vaultCode } } }') == (
        "Query.asset cannot be planned: Bond.vaultCode is not reachable through ledger;"
        " Coin.mint is not reachable through vault"
    )


def test_the_first_unplannable_root_field_is_named() -> None:
    message = _error(
        '{ fine: asset(id: "b1") { ... on Bond { issuer vaultCode } } asset(id: "c1") { id } }'
    )
    assert message.startswith("Query.asset cannot be planned: Bond.id is not reachable")


def test_a_selection_plannable_field_by_field_is_reported_as_a_whole() -> None:
    fed = shop()
    operation = fed.normalize("{ products { name } me { nick } }")
    message = unreachable(Search(fed.graph()), "Query", operation.root.fields, ["catalog", "users"])
    assert message == "the selection of Query cannot be planned as a whole"


def test_the_message_is_the_same_every_time() -> None:
    query = '{ asset(id: "c1") { ... on Coin { mint id } ... on Bond { issuer id } } }'
    messages = {_error(query) for _ in range(10)}
    assert messages == {
        "Query.asset cannot be planned: Bond.id is not reachable through ledger;"
        " Coin.mint is not reachable through vault"
    }
