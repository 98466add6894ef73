"""Build the query plan of a normalized operation."""

from __future__ import annotations

from router.normalize.tree import NormalizedOperation
from router.plan import QueryPlan
from router.planner.optimize import optimize
from router.planner.plan_nodes import build_plan_nodes
from router.planner.render import render_step, variable_types
from router.planner.resolvability import Resolvability
from router.planner.walker import FetchGraphWalker
from router.supergraph.model import Supergraph


def build_query_plan(
    supergraph: Supergraph,
    operation: NormalizedOperation,
    enabled_override_labels: frozenset[str] = frozenset(),
    resolvability: Resolvability | None = None,
) -> QueryPlan:
    """Fetch graph -> optimizations -> rendered fetch nodes -> Sequence/Parallel tree."""
    rs = resolvability or Resolvability(supergraph, enabled_override_labels)
    graph = FetchGraphWalker(supergraph, rs).walk(operation)
    steps = optimize(graph.steps)
    types = variable_types(operation.definition)
    fetches = {
        step.id: render_step(step, operation.name, types, index) for index, step in enumerate(steps)
    }
    return build_plan_nodes(steps, fetches, operation.kind)
