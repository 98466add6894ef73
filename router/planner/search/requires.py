"""Requires options: selecting a field where it `@requires` other fields first, in a
requires segment of its own or in a compatible one already planned at the position."""

from __future__ import annotations

from typing import TYPE_CHECKING

from router.normalize.tree import NField
from router.planner.search.field_sets import size
from router.planner.search.placement import Placement
from router.planner.tree import Cost, FieldPlan, Segment
from router.query_graph import EntityJump

if TYPE_CHECKING:
    from router.planner.search.search import Option, Search


def requires_options(
    search: Search, placement: Placement, field: NField, needing: int | None
) -> list[Option]:
    """Options that select `field` where it `@requires` other fields first."""
    graph = search.graph
    options: list[Option] = []
    groups: dict[tuple[str, str], list[EntityJump]] = {}
    for jump in graph.jumps(placement.type_name):
        groups.setdefault((jump.subgraph, jump.entity_type), []).append(jump)
    for (subgraph, entity_type), jumps in groups.items():
        edge = graph.edges(subgraph, entity_type).get(field.name)
        if edge is None or edge.requires is None or edge.key_only:
            continue
        if (placement.type_name, field.name, subgraph) in search.in_progress_requires:
            continue  # a requirement that needs itself
        required = graph.field_set(placement.type_name, edge.requires)
        join = (
            placement.joinable_requires(subgraph, entity_type, required)
            if needing is None
            else None
        )
        child, cost = search.child(placement, (Segment(subgraph, entity_type),), (edge,), field)
        if field.selection is not None and child is None:
            continue
        extra = Cost(0 if join is not None else 1, size(required))
        plan = FieldPlan(field, (-1,), (edge,), child)
        options.append(
            (cost + extra, 1000 + len(options), plan, (subgraph, entity_type, tuple(jumps)))
        )
    return options
