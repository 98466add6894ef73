"""Every operation the web app sends fits the router's default demand-control budgets (with
room to spare), while the amplification of issue 13 is far above them: the figures behind
the defaults (README, "Demand control")."""

from __future__ import annotations

import importlib
import re

import pytest

from router.settings import RouterSettings
from tests.support.costs import AMPLIFICATION, OfflineCosts
from tests.support.processes import PROJECT_ROOT

MODULES = ("accounts", "calendar", "events", "feeds", "imports", "invitations", "sharing")
SETTINGS = RouterSettings()


COSTS = OfflineCosts((PROJECT_ROOT / "supergraph.graphql").read_text())


def _cost(document: str) -> int:
    return COSTS.estimate(document, list_size=SETTINGS.cost_default_list_size)


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
