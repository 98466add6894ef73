"""Merge entity steps of one level that ask one subgraph for the same thing at other paths.

Such steps differ only in where their objects are (say `users.@.reviews.@.product` and
`topProducts.@.reviews.@.author.reviews.@.product`): one `_entities` call over the objects
of all their paths does the same work, and representations repeated across the paths are
sent once.
"""

from __future__ import annotations

from collections.abc import Hashable

from router.planner.fetch_graph import FetchStep
from router.planner.optimize.levels import merge_scopes, repoint, step_levels


def _signature(step: FetchStep) -> Hashable:
    """Everything but the paths: representation shapes, rewrites, keys and selection."""
    return (
        tuple((concrete, shape.freeze()) for concrete, shape in step.requires.fragments.items()),
        tuple(sorted(step.typename_rewrites.items())),
        tuple(
            sorted((concrete, tuple(sorted(keys))) for concrete, keys in step.key_fields.items())
        ),
        step.selection.freeze(),
        step.gate,
    )


def merge_equal_entity_steps(steps: list[FetchStep], kind: str) -> list[FetchStep]:
    """Steps with equal signatures at one level (and merge scope) become one multi-path step."""
    levels = step_levels(steps)
    scopes = merge_scopes(steps, kind)
    absorbers: dict[Hashable, FetchStep] = {}
    replaced: dict[int, int] = {}
    kept: list[FetchStep] = []
    for step in steps:
        if step.entity:
            key = (step.subgraph, levels[step.id], scopes[step.id], _signature(step))
            absorber = absorbers.get(key)
            if absorber is not None:
                absorber.paths.extend(path for path in step.paths if path not in absorber.paths)
                absorber.deps |= step.deps
                replaced[step.id] = absorber.id
                continue
            absorbers[key] = step
        kept.append(step)
    if not replaced:
        return steps
    repoint(kept, replaced)
    return sorted(kept, key=lambda step: levels[step.id])  # stable: a topological order again
