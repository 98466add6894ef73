"""Arrange fetch steps into Sequence / Parallel / Flatten plan nodes."""

from __future__ import annotations

from router.plan import (
    FetchNode,
    FlattenNode,
    ParallelNode,
    PlanNode,
    QueryPlan,
    SequenceNode,
)
from router.planner.fetch_graph import FetchStep


def _ancestors(step_id: int, placed_under: dict[int, int | None]) -> list[int]:
    chain = [step_id]
    parent = placed_under.get(step_id)
    while parent is not None:
        chain.append(parent)
        parent = placed_under.get(parent)
    return chain


def _sequence(nodes: list[PlanNode]) -> PlanNode:
    flat: list[PlanNode] = []
    for node in nodes:
        flat.extend(node.nodes if isinstance(node, SequenceNode) else (node,))
    return flat[0] if len(flat) == 1 else SequenceNode(tuple(flat))


def _parallel(nodes: list[PlanNode]) -> PlanNode:
    flat: list[PlanNode] = []
    for node in nodes:
        flat.extend(node.nodes if isinstance(node, ParallelNode) else (node,))
    return flat[0] if len(flat) == 1 else ParallelNode(tuple(flat))


def build_plan_nodes(steps: list[FetchStep], fetches: dict[int, FetchNode], kind: str) -> QueryPlan:
    """Nest steps so that each runs after all its dependencies, as parallel as possible.

    A step goes under its deepest dependency when its other dependencies are that one's
    ancestors; otherwise it runs after the subtree of its dependencies' common ancestor.
    """
    placed_under: dict[int, int | None] = {}
    children: dict[int, list[int]] = {step.id: [] for step in steps}
    after: dict[int, list[int]] = {step.id: [] for step in steps}
    roots: list[int] = []
    for step in steps:  # creation order is a topological order
        if not step.deps:
            placed_under[step.id] = None
            roots.append(step.id)
            continue
        chains = {dep: _ancestors(dep, placed_under) for dep in step.deps}
        deepest = max(chains, key=lambda dep: len(chains[dep]))
        if all(dep in chains[deepest] for dep in step.deps):
            placed_under[step.id] = deepest
            children[deepest].append(step.id)
            continue
        common = [a for a in chains[deepest] if all(a in chain for chain in chains.values())]
        anchor = common[0] if common else None
        placed_under[step.id] = anchor
        if anchor is None:
            roots.append(step.id)  # unreachable for well-formed graphs; keep it runnable
        else:
            after[anchor].append(step.id)

    by_id = {step.id: step for step in steps}

    def subtree(step_id: int) -> PlanNode:
        step = by_id[step_id]
        fetch = fetches[step_id]
        own: PlanNode = FlattenNode(step.path, fetch) if step.entity else fetch
        parts: list[PlanNode] = [own]
        if children[step_id]:
            parts.append(_parallel([subtree(child) for child in children[step_id]]))
        parts.extend(subtree(later) for later in after[step_id])
        return _sequence(parts)

    if not roots:
        return QueryPlan(None)
    trees = [subtree(root) for root in roots]
    return QueryPlan(_sequence(trees) if kind == "mutation" else _parallel(trees))
