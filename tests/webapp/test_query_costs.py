"""Every operation the web app sends fits the router's default demand-control budgets (with
room to spare), while the amplification of issue 13 is far above them: the figures behind
the defaults (README, "Demand control")."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest

from router.demand import CostModel, estimated_cost
from router.engine import Engine
from router.interfaces import RequestContext
from router.pipeline.normalize import normalized
from router.settings import RouterSettings
from tests.support.processes import PROJECT_ROOT

MODULES = ("accounts", "calendar", "events", "invitations", "sharing")
AMPLIFICATION = (
    "{ publicEvents(first: 100) { nodes { owner { events(first: 100) { nodes { owner {"
    " events(first: 100) { nodes { id title } } } } } } } } }"
)
SETTINGS = RouterSettings()


class _NoSubgraphs:
    async def fetch(self, subgraph: str, body: dict[str, Any], context: RequestContext) -> Any:
        raise AssertionError("not called")


ENGINE = Engine((PROJECT_ROOT / "supergraph.graphql").read_text(), _NoSubgraphs())
MODEL = CostModel(ENGINE.supergraph.schema)


def _cost(document: str) -> int:
    operation = normalized(ENGINE.api_schema, ENGINE.prepare(document, None), {})
    return estimated_cost(MODEL, operation, {}, SETTINGS.cost_default_list_size)


def _operations() -> dict[str, str]:
    found = {}
    for name in MODULES:
        module = importlib.import_module(f"webapp.{name}.operations")
        for constant, value in vars(module).items():
            if isinstance(value, str) and re.match(r"\s*(query|mutation)\b", value):
                found[f"{name}.{constant}"] = value
    return found


OPERATIONS = _operations()


@pytest.mark.parametrize("document", OPERATIONS.values(), ids=OPERATIONS.keys())
def test_web_app_operations_cost_at_most_a_fifth_of_the_logged_in_budget(document: str) -> None:
    assert _cost(document) * 5 <= SETTINGS.cost_budget_authenticated


def test_public_pages_fit_the_anonymous_budget() -> None:
    for name in ("events.PUBLIC_EVENTS", "events.EVENT"):
        assert _cost(OPERATIONS[name]) * 5 <= SETTINGS.cost_budget_anonymous


def test_the_amplification_is_far_above_both_budgets() -> None:
    assert _cost(AMPLIFICATION) > 100 * SETTINGS.cost_budget_authenticated
