"""Fetch-graph optimizations, one module each, applied in order by `optimize`."""

from __future__ import annotations

from router.planner.fetch_graph import FetchStep, PlanStep
from router.planner.optimize.batch_by_level import batch_entity_steps
from router.planner.optimize.gate_conditional_steps import gate_conditional_steps
from router.planner.optimize.merge_equal_entities import merge_equal_entity_steps
from router.planner.optimize.prune_empty import prune_empty_steps


def optimize(steps: list[FetchStep], kind: str) -> list[PlanStep]:
    """Apply every optimization pass (sibling fields merge while the steps are built).

    The result is in a topological order: every step comes after its dependencies.
    """
    steps = prune_empty_steps(steps)
    steps = gate_conditional_steps(steps)
    steps = merge_equal_entity_steps(steps, kind)
    return batch_entity_steps(steps, kind)


__all__ = ["optimize"]
