"""The segments of one position while fields are being placed in them."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import SelectionSetNode

from router.normalize.tree import NSelection
from router.planner.search.conflicts import selections_conflict
from router.planner.tree import Condition, Segment
from router.query_graph import EntityJump


@dataclass(slots=True, eq=False)
class Placement:
    """Segments (entries first), which ones have their conditions resolved, and in which
    order, plus the `@requires` field sets each requires segment carries."""

    type_name: str
    segments: list[Segment]
    entries: int
    servers: frozenset[tuple[str, str]]  # who may serve this position (see Search.selection)
    resolved: set[int] = field(default_factory=set)
    order: list[int] = field(default_factory=list)
    conditions: dict[int, Condition] = field(default_factory=dict)
    requires: dict[int, list[tuple[SelectionSetNode, NSelection]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.resolved.update(range(self.entries))

    def joinable_requires(
        self, subgraph: str, entity_type: str, required: NSelection
    ) -> int | None:
        """An unresolved requires segment of that subgraph whose representation can also
        carry `required` (no field asked twice with other arguments)."""
        for index, carried in self.requires.items():
            segment = self.segments[index]
            if index in self.resolved or segment.subgraph != subgraph:
                continue
            if segment.type_in_graph != entity_type:
                continue
            if not any(selections_conflict(required, other) for _, other in carried):
                return index
        return None

    def add_requires(
        self,
        subgraph: str,
        entity_type: str,
        jumps: tuple[EntityJump, ...],
        required: tuple[SelectionSetNode, NSelection],
        join: int | None,
    ) -> int:
        """Put a requirement on segment `join`, or on a new requires segment; its index."""
        if join is not None:
            self.requires[join].append(required)
            return join
        self.segments.append(Segment(subgraph, entity_type, jumps=jumps, requires=True))
        index = len(self.segments) - 1
        self.requires[index] = [required]
        return index
