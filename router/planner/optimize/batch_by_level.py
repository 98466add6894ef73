"""Send the entity steps of one level that go to the same subgraph as a single request.

Steps of one level never depend on each other, so their `_entities` calls can travel
together as aliased fields of one operation (see `EntityBatchNode`): one round trip and
one subgraph request instead of several.
"""

from __future__ import annotations

from collections.abc import Hashable

from router.planner.fetch_graph import FetchStep, PlanStep, StepBatch
from router.planner.optimize.levels import merge_scopes, step_levels


def batch_entity_steps(steps: list[FetchStep], kind: str) -> list[PlanStep]:
    """Group entity steps by (subgraph, level, merge scope); groups of two or more batch."""
    levels = step_levels(steps)
    scopes = merge_scopes(steps, kind)
    groups: dict[Hashable, list[FetchStep]] = {}
    for step in steps:
        if step.entity:
            key = (step.subgraph, levels[step.id], scopes[step.id], step.gate)
            groups.setdefault(key, []).append(step)
    replaced: dict[int, int] = {}
    batches: dict[int, StepBatch] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        first = members[0]
        batches[first.id] = StepBatch(first.id, first.subgraph, members, set())
        for member in members[1:]:
            replaced[member.id] = first.id
    if not batches:
        return list(steps)
    units: list[PlanStep] = []
    for step in steps:
        deps = {replaced.get(dep, dep) for dep in step.deps}
        batch = batches.get(step.id)
        if batch is not None:
            batch.deps |= deps
            units.append(batch)
        elif step.id in replaced:
            batches[replaced[step.id]].deps |= deps
        else:
            step.deps = deps
            units.append(step)
    # Stable sort by level: topological again, a batch coming after every member's deps.
    return sorted(units, key=lambda unit: levels[unit.id])
