"""Jump candidates: the subgraphs an object could also be fetched from at a position."""

from __future__ import annotations

from typing import TYPE_CHECKING

from router.normalize.tree import NField
from router.planner.search.field_sets import top_level_names
from router.planner.tree import Segment
from router.query_graph import EntityJump

if TYPE_CHECKING:
    from router.planner.search.search import Search


def jump_candidates(
    search: Search, type_name: str, entries: tuple[Segment, ...], fields: list[NField]
) -> list[Segment]:
    """One segment per (subgraph, entity type) reachable by a jump that resolves one of
    the fields this position may need (selected, required or in a key)."""
    graph = search.graph
    jumps = graph.jumps(type_name)
    if not jumps:
        return []
    needed = {f.name for f in fields}
    for field in fields:
        for edge in graph.edges_with_requires(type_name, field.name):
            needed.update(top_level_names(graph.field_set(type_name, edge.requires)))  # type: ignore[arg-type]
    for jump in jumps:
        needed.update(top_level_names(graph.field_set(type_name, jump.key)))
    entry_graphs = {entry.subgraph for entry in entries}
    grouped: dict[tuple[str, str], list[EntityJump]] = {}
    for jump in jumps:
        if jump.subgraph not in entry_graphs:
            grouped.setdefault((jump.subgraph, jump.entity_type), []).append(jump)
    candidates: list[Segment] = []
    for (subgraph, entity_type), group in grouped.items():
        edges = graph.edges(subgraph, entity_type)
        if any(
            name in edges and graph.resolves(subgraph, entity_type, name, None) is not None
            for name in needed
        ):
            candidates.append(Segment(subgraph, entity_type, jumps=tuple(group)))
    return candidates
