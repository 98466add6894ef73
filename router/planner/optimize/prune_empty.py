"""Drop fetch steps that select nothing (and re-point dependencies on them)."""

from __future__ import annotations

from router.planner.fetch_graph import FetchStep


def prune_empty_steps(steps: list[FetchStep]) -> list[FetchStep]:
    """Steps whose selection is empty are removed; their dependents inherit their deps."""
    empty = {step.id: step for step in steps if step.selection.is_empty()}
    if not empty:
        return steps
    kept: list[FetchStep] = []
    for step in steps:
        if step.id in empty:
            continue
        deps: set[int] = set()
        frontier = list(step.deps)
        while frontier:
            dep = frontier.pop()
            if dep in empty:
                frontier.extend(empty[dep].deps)
            else:
                deps.add(dep)
        step.deps = deps
        kept.append(step)
    return kept
