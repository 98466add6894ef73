"""Arrange fetch steps into Sequence / Parallel plan nodes."""

from __future__ import annotations

from router.plan import ParallelNode, PlanNode, QueryPlan, SequenceNode
from router.planner.fetch_graph import PlanStep

_TOP = -1  # the virtual step every root step is placed under


def _ancestors(step_id: int, placed_under: dict[int, int]) -> list[int]:
    """`step_id`, the step it is placed under, and so on up to `_TOP`."""
    chain = [step_id]
    while chain[-1] != _TOP:
        chain.append(placed_under[chain[-1]])
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


def build_plan_nodes(steps: list[PlanStep], nodes: dict[int, PlanNode], kind: str) -> QueryPlan:
    """Nest steps so that each runs after all its dependencies, as parallel as possible.

    `steps` are in a topological order; `nodes[id]` is the step's own node. A step goes
    under its deepest dependency when its other dependencies are that one's ancestors;
    otherwise it runs after the whole subtree of its dependencies' closest common ancestor
    (all root steps, when they have none), in parallel with the other steps waiting there
    that it does not depend on.
    """
    placed_under: dict[int, int] = {}
    children: dict[int, list[int]] = {_TOP: []}
    after: dict[int, list[int]] = {_TOP: []}
    for step in steps:
        children[step.id] = []
        after[step.id] = []
        if not step.deps:
            placed_under[step.id] = _TOP
            children[_TOP].append(step.id)
            continue
        chains = {dep: _ancestors(dep, placed_under) for dep in step.deps}
        deepest = max(chains, key=lambda dep: len(chains[dep]))
        if all(dep in chains[deepest] for dep in step.deps):
            placed_under[step.id] = deepest
            children[deepest].append(step.id)
            continue
        anchor = next(a for a in chains[deepest] if all(a in chain for chain in chains.values()))
        placed_under[step.id] = anchor
        after[anchor].append(step.id)

    deps = {step.id: step.deps for step in steps}

    def waves(later: list[int]) -> list[list[int]]:
        """Steps waiting on a subtree, grouped so that each group only waits on earlier ones."""
        wave_of: dict[int, int] = {}
        grouped: list[list[int]] = []
        for step_id in later:  # topological order: what a step waits on comes before it
            above = {a for dep in deps[step_id] for a in _ancestors(dep, placed_under)}
            wave = 1 + max((wave_of[other] for other in wave_of if other in above), default=-1)
            wave_of[step_id] = wave
            if wave == len(grouped):
                grouped.append([])
            grouped[wave].append(step_id)
        return grouped

    def below(step_id: int) -> list[PlanNode]:
        """What runs after a step: its children in parallel, then the steps waiting on them."""
        parts: list[PlanNode] = []
        if children[step_id]:
            subtrees = [subtree(child) for child in children[step_id]]
            top_mutation = step_id == _TOP and kind == "mutation"
            parts.append(_sequence(subtrees) if top_mutation else _parallel(subtrees))
        for wave in waves(after[step_id]):
            parts.append(_parallel([subtree(later) for later in wave]))
        return parts

    def subtree(step_id: int) -> PlanNode:
        return _sequence([nodes[step_id], *below(step_id)])

    top = below(_TOP)
    return QueryPlan(_sequence(top) if top else None)
