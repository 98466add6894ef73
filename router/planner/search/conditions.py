"""Conditions: a jump's key and `@requires` fields, placed at the same position in segments
resolved before it (in rounds, as one jump's key may come from another jump)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from router.normalize.tree import NField
from router.planner.search.field_sets import fields_of
from router.planner.search.placement import Placement
from router.planner.tree import Condition, FieldPlan

if TYPE_CHECKING:
    from router.planner.search.search import Search


def resolve(search: Search, placement: Placement, index: int) -> bool:
    """Place the condition of segment `index` (key, then requirements) in segments
    already resolved; try its keys in order."""
    if index in placement.resolved:
        return True
    segment = placement.segments[index]
    graph = search.graph
    for jump in segment.jumps:
        key = graph.field_set(placement.type_name, jump.key)
        wanted: list[tuple[NField, bool]] = [(f, True) for f in fields_of(key)]
        for _node, required in placement.requires.get(index, ()):
            wanted.extend((f, False) for f in fields_of(required))
        plans: list[FieldPlan] = []
        for field, for_key in wanted:
            if field.name == "__typename":
                continue
            usable = sorted(placement.resolved)
            plan = search.place(placement, field, for_key, usable, index)
            if plan is None:
                break
            plans.append(plan)
        else:
            placement.resolved.add(index)
            placement.order.append(index)
            names = tuple(f.response_key for f in fields_of(key) if f.name != "__typename")
            placement.conditions[index] = Condition(jump, tuple(plans), names)
            return True
    return False


def resolve_all(search: Search, placement: Placement) -> bool:
    """Resolve every segment, in rounds: one's key may come from another jump."""
    pending = [i for i in range(len(placement.segments)) if i not in placement.resolved]
    while pending:
        progress = [i for i in pending if resolve(search, placement, i)]
        if not progress:
            return False
        pending = [i for i in range(len(placement.segments)) if i not in placement.resolved]
    return True
