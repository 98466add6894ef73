"""Build the query plan of a normalized operation."""

from __future__ import annotations

from router.normalize.tree import NormalizedOperation
from router.plan import QueryPlan
from router.planner.optimize import optimize
from router.planner.plan_nodes import build_plan_nodes
from router.planner.render import RenderContext, render_unit
from router.planner.resolvability import Resolvability
from router.planner.walker import FetchGraphWalker
from router.supergraph.model import Supergraph


def build_query_plan(
    supergraph: Supergraph,
    operation: NormalizedOperation,
    enabled_override_labels: frozenset[str] = frozenset(),
    resolvability: Resolvability | None = None,
) -> QueryPlan:
    """Fetch graph -> optimizations -> rendered plan nodes -> Sequence/Parallel tree."""
    rs = resolvability or Resolvability(supergraph, enabled_override_labels)
    graph = FetchGraphWalker(supergraph, rs).walk(operation)
    units = optimize(graph.steps, operation.kind)
    context = RenderContext.of(operation)
    nodes = {unit.id: render_unit(unit, context, index) for index, unit in enumerate(units)}
    return build_plan_nodes(units, nodes, operation.kind)
