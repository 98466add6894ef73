"""Root positions: which subgraphs' root fields a query starts from (several when a shared
field is split), and one position per root field, in order, for mutations."""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

from router.normalize.tree import NField, NSelection
from router.planner.search.diagnosis import unreachable
from router.planner.search.errors import PlanningError
from router.planner.search.limits import EXHAUSTIVE_LIMIT, MAX_SET_SIZE
from router.planner.tree import PositionPlan, Segment

if TYPE_CHECKING:
    from router.planner.search.search import Search


def plan_roots(search: Search, selection: NSelection, kind: str) -> list[PositionPlan]:
    """The root position (queries), or one position per root field in order (mutations)."""
    fields = [f for f in selection.fields if not f.name.startswith("__")]
    if not fields:
        return []
    if kind != "mutation":
        return [_root_position(search, selection.type_name, fields, None)]
    plans: list[PositionPlan] = []
    previous: str | None = None
    for field in fields:
        plan = _root_position(search, selection.type_name, [field], previous)
        previous = plan.segments[0].subgraph
        plans.append(plan)
    return plans


def _root_position(
    search: Search, root_type: str, fields: list[NField], prefer: str | None
) -> PositionPlan:
    graph = search.graph
    candidates = [
        subgraph
        for subgraph in graph.supergraph.subgraphs
        if any(graph.resolves(subgraph, root_type, f.name, None) for f in fields)
    ]
    if prefer in candidates:
        candidates.remove(prefer)
        candidates.insert(0, prefer)
    servers = frozenset((subgraph, root_type) for subgraph in candidates)
    best: PositionPlan | None = None
    for size in range(1, len(candidates) + 1):
        if best is not None and best.cost.fetches <= size:
            break
        if len(candidates) > EXHAUSTIVE_LIMIT and size > MAX_SET_SIZE:
            break
        for chosen in combinations(candidates, size):
            segments = [Segment(subgraph, root_type, root=True) for subgraph in chosen]
            plan = search.assign(root_type, segments, 0, fields, servers=servers)
            if plan is not None and (best is None or plan.cost < best.cost):
                best = plan
    if best is None:
        raise PlanningError(unreachable(search, root_type, fields, candidates))
    return best
