"""The attack workload's operations: valid for the benchmark supergraph, within our router's
depth and alias limits, and ordered by cost; the cheapest deep one is above the anonymous
budget, so our router's most expensive accepted attack is the widest medium one."""

from __future__ import annotations

from bench.attack import ATTACKS
from bench.paths import SUPERGRAPH
from router.http.limits import DocumentLimits, operation_violation, source_violation
from router.settings import RouterSettings
from tests.support.costs import OfflineCosts

SETTINGS = RouterSettings()
LIMITS = DocumentLimits(
    max_document_bytes=SETTINGS.max_document_bytes,
    max_tokens=SETTINGS.max_tokens,
    max_depth=SETTINGS.max_depth,
    max_aliases=SETTINGS.max_aliases,
    max_root_fields=SETTINGS.max_root_fields,
)


def test_attacks_are_valid_within_the_limits_and_ordered_by_cost() -> None:
    offline = OfflineCosts(SUPERGRAPH.read_text())
    costs = {}
    for name, query in ATTACKS:
        parsed = offline.engine.prepare(query, None)
        assert source_violation(query, LIMITS) is None, name
        assert operation_violation(parsed.document, None, LIMITS) is None, name
        costs[name] = offline.estimate(query, list_size=SETTINGS.cost_default_list_size)
    ordered = list(costs.values())
    assert ordered == sorted(ordered, reverse=True), costs
    assert costs["deep x1"] > SETTINGS.cost_budget_anonymous >= costs["medium x3"], costs
