"""Dependency levels of fetch steps, shared by the passes that merge steps of one level."""

from __future__ import annotations

from collections.abc import Hashable

from router.planner.fetch_graph import FetchStep


def step_levels(steps: list[FetchStep]) -> dict[int, int]:
    """Step id -> 0 for steps without dependencies, else 1 + the highest level among its deps.

    Steps of one level never depend on each other, so any of them may share a request.
    `steps` must be in a topological order (the walker's creation order is one).
    """
    levels: dict[int, int] = {}
    for step in steps:
        levels[step.id] = 1 + max((levels[dep] for dep in step.deps), default=-1)
    return levels


def merge_scopes(steps: list[FetchStep], kind: str) -> dict[int, Hashable]:
    """Step id -> a value that steps must share to be merged.

    Query root fields run in parallel, so any two steps may merge. A mutation's root fields
    run one after another, and what follows one must run before the next: steps merge only
    when they descend from the same root steps.
    """
    if kind != "mutation":
        return dict.fromkeys((step.id for step in steps), None)
    roots: dict[int, frozenset[int]] = {}
    for step in steps:
        roots[step.id] = (
            frozenset().union(*(roots[dep] for dep in step.deps))
            if step.deps
            else frozenset({step.id})
        )
    return dict(roots)


def repoint(steps: list[FetchStep], replaced: dict[int, int]) -> None:
    """Make dependencies on merged-away steps point at the step that absorbed them."""
    for step in steps:
        step.deps = {replaced.get(dep, dep) for dep in step.deps}
