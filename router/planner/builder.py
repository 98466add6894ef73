"""Build the query plan of a normalized operation: search, fetch graph, passes, plan nodes."""

from __future__ import annotations

from router.normalize.tree import NormalizedOperation
from router.plan import QueryPlan
from router.planner.materialize import Materializer
from router.planner.optimize import optimize
from router.planner.plan_nodes import build_plan_nodes
from router.planner.render import RenderContext, render_unit
from router.planner.search import Search
from router.query_graph import QueryGraph


def build_query_plan(graph: QueryGraph, operation: NormalizedOperation) -> QueryPlan:
    """Path search -> fetch graph -> optimization passes -> rendered plan nodes."""
    positions = Search(graph).root(operation.root, operation.kind)
    materializer = Materializer(graph, operation.kind, operation.root.type_name)
    steps = materializer.roots(positions).steps
    units = optimize(steps, operation.kind)
    context = RenderContext.of(operation)
    nodes = {unit.id: render_unit(unit, context, index) for index, unit in enumerate(units)}
    return build_plan_nodes(units, nodes, operation.kind)
