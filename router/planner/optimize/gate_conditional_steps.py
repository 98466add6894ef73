"""Run a step only when the `@skip`/`@include` conditions all its fields share hold.

A step whose every field waits on the same variable literals needs no request when one of
them fails: the plan wraps it in Condition nodes (`FetchStep.gate`) and the literals leave
its printed fields. In an entity step, an object type whose fields all wait on literals
(`FetchStep.type_gates`) gets no representations when one fails, so the subgraph is not
asked for entities nobody selected.
"""

from __future__ import annotations

from router.normalize.inclusion import Term, without
from router.planner.fetch_graph import FetchStep
from router.planner.selection_builder import FieldBuild


def _top_fields(step: FetchStep) -> list[FieldBuild]:
    builders = list(step.selection.fragments.values()) if step.entity else [step.selection]
    return [
        build
        for builder in builders
        for key, build in builder.fields.items()
        if key != "__typename"
    ]


def _shared_literals(fields: list[FieldBuild]) -> Term:
    if not fields:
        return frozenset()
    shared: Term | None = None
    for build in fields:
        if build.inclusion is None or len(build.inclusion) != 1:
            return frozenset()
        (term,) = build.inclusion
        shared = term if shared is None else shared & term
    return shared or frozenset()


def gate_conditional_steps(steps: list[FetchStep]) -> list[FetchStep]:
    """Give each step the literals all its fields need (and drop them from the fields)."""
    for step in steps:
        fields = _top_fields(step)
        gate = _shared_literals(fields)
        if gate:
            step.gate = gate
            for build in fields:
                build.inclusion = without(build.inclusion, gate)
        if step.entity:
            for type_condition, fragment in step.selection.fragments.items():
                literals = _shared_literals(
                    [build for key, build in fragment.fields.items() if key != "__typename"]
                )
                if literals:
                    step.type_gates[type_condition] = literals
    return steps
