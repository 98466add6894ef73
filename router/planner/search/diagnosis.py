"""Why an operation cannot be planned: the selected fields no subgraph path reaches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from router.normalize.tree import NField
from router.planner.tree import Segment

if TYPE_CHECKING:
    from router.planner.search.search import Search


def unreachable(search: Search, root_type: str, fields: list[NField], subgraphs: list[str]) -> str:
    """A message naming, for the first root field no subgraph can serve, the field each
    subgraph declaring it fails to reach below it."""
    for field in fields:
        segments = [Segment(subgraph, root_type, root=True) for subgraph in subgraphs]
        if any(search.assign(root_type, [segment], 0, [field]) for segment in segments):
            continue
        reasons = [
            reason
            for segment in segments
            if (reason := _why(search, segment, root_type, field)) is not None
        ]
        if not reasons:
            return f"no subgraph resolves {root_type}.{field.name}"
        return f"{root_type}.{field.name} cannot be planned: " + "; ".join(reasons)
    return f"the selection of {root_type} cannot be planned as a whole"


def _why(search: Search, segment: Segment, type_name: str, field: NField) -> str | None:
    """The deepest field below `field` that `segment` (with any jumps) cannot reach, or None
    when the segment does not even declare `field`."""
    graph = search.graph
    edge = graph.resolves(segment.subgraph, segment.type_in_graph, field.name, segment.provided)
    if edge is None:
        return None
    selection = field.selection
    if selection is None:
        return f"{type_name}.{field.name} is not reachable through {segment.subgraph}"
    per_type = (
        {name: fields for name, fields in selection.by_type.items()}
        if selection.abstract
        else {selection.type_name: selection.fields}
    )
    possible = graph.runtime_types(edge.subgraph, edge.target)
    for child_type, child_fields in per_type.items():
        if selection.abstract and child_type not in possible:
            continue
        entry = Segment(edge.subgraph, child_type)
        for child in child_fields:
            if child.name == "__typename" or search.object(child_type, (entry,), [child]):
                continue
            return _why(search, entry, child_type, child) or (
                f"{child_type}.{child.name} is not reachable through {edge.subgraph}"
            )
    return f"{type_name}.{field.name} is not reachable through {segment.subgraph} as a whole"
