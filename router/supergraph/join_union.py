"""`@join__unionMember`: which members a union has in each subgraph."""

from __future__ import annotations

from graphql import Node

from router.supergraph.directives import directive_args, directive_nodes


def read_join_union_members(
    node: Node | None,
    directive: str,
    graphs: dict[str, str],
    type_graphs: list[str],
    members: list[str],
    member_graphs: dict[str, set[str]],
) -> dict[str, set[str]]:
    """Subgraph name -> union members (fallback: members the subgraph declares)."""
    applications = list(directive_nodes(node, directive))
    by_graph: dict[str, set[str]] = {graph: set() for graph in type_graphs}
    if not applications:
        for graph in type_graphs:
            by_graph[graph] = {name for name in members if graph in member_graphs[name]}
        return by_graph
    for applied in applications:
        args = directive_args(applied)
        by_graph.setdefault(graphs[str(args["graph"])], set()).add(str(args["member"]))
    return by_graph
