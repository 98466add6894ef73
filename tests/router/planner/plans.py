"""Readable summaries of the path search's plans, for assertions."""

from __future__ import annotations

from router.planner.search import Search
from router.planner.tree import AbstractPlan, ChildPlan, FieldPlan, PositionPlan
from tests.router.conftest import Federation


def root_positions(
    fed: Federation, query: str, labels: frozenset[str] = frozenset()
) -> list[PositionPlan]:
    """The root positions the search chooses for `query`."""
    operation = fed.normalize(query)
    return Search(fed.graph(labels)).root(operation.root, operation.kind)


def segments(plan: PositionPlan) -> list[tuple[str, str, str]]:
    """(subgraph, type there, how: root / entry / jump / requires) per segment."""
    found = []
    for index, segment in enumerate(plan.segments):
        if segment.root:
            how = "root"
        elif index < plan.entries:
            how = "entry"
        else:
            how = "requires" if segment.requires else "jump"
        found.append((segment.subgraph, segment.type_in_graph, how))
    return found


def placed(plan: PositionPlan) -> dict[str, tuple[str, ...]]:
    """Response key -> the subgraphs of the segments selecting it."""
    return {
        field.field.response_key: tuple(plan.segments[i].subgraph for i in field.segments)
        for field in plan.fields
    }


def field_plan(plan: PositionPlan, key: str) -> FieldPlan:
    """The plan of the field at `key`."""
    return next(field for field in plan.fields if field.field.response_key == key)


def child(plan: PositionPlan, key: str) -> ChildPlan:
    """The plan below the field at `key`."""
    found = field_plan(plan, key).child
    assert found is not None
    return found


def child_position(plan: PositionPlan, key: str) -> PositionPlan:
    """The plan below the field at `key`, an object position."""
    found = child(plan, key)
    assert isinstance(found, PositionPlan)
    return found


def child_abstract(plan: PositionPlan, key: str) -> AbstractPlan:
    """The plan below the field at `key`, an abstract position."""
    found = child(plan, key)
    assert isinstance(found, AbstractPlan)
    return found
