"""Hand-made fetch steps for the optimization pass tests."""

from __future__ import annotations

from router.normalize.inclusion import Inclusion
from router.planner.fetch_graph import FetchStep
from router.planner.selection_builder import SelectionBuilder


def root(step_id: int, subgraph: str, *fields: str, kind: str = "query") -> FetchStep:
    """A root step selecting `fields`."""
    step = FetchStep(step_id, subgraph, kind, [], entity=False)
    step.selection = SelectionBuilder(kind)
    for name in fields:
        step.selection.field(name, name, type_text="Int")
    return step


def entity(
    step_id: int,
    subgraph: str,
    path: tuple[str, ...],
    deps: set[int],
    *fields: str,
    inclusion: Inclusion = None,
) -> FetchStep:
    """An entity step selecting `fields` on Product at `path`, keyed by `id`."""
    step = FetchStep(step_id, subgraph, "query", [path], entity=True, deps=set(deps))
    on = step.selection.fragment("Product")
    for name in fields:
        on.field(name, name, type_text="Int", inclusion=inclusion)
    shape = step.requires.fragment("Product")
    shape.typename()
    shape.field("id", "id")
    step.key_fields["Product"] = {"id"}
    return step


def ids(steps: list[FetchStep]) -> list[int]:
    """The ids of `steps`, in order."""
    return [step.id for step in steps]
