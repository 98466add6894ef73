"""`@join__implements`: which interfaces a type implements in each subgraph."""

from __future__ import annotations

from graphql import Node

from router.supergraph.directives import directive_args, directive_nodes


def read_join_implements(
    node: Node | None,
    directive: str,
    graphs: dict[str, str],
    type_graphs: list[str],
    interfaces: list[str],
    interface_graphs: dict[str, set[str]],
) -> dict[str, set[str]]:
    """Subgraph name -> implemented interfaces.

    Supergraphs without `@join__implements` on a type fall back to: the type implements each
    of its interfaces in every subgraph that declares both.
    """
    applications = list(directive_nodes(node, directive))
    implements: dict[str, set[str]] = {graph: set() for graph in type_graphs}
    if not applications:
        for graph in type_graphs:
            implements[graph] = {name for name in interfaces if graph in interface_graphs[name]}
        return implements
    for applied in applications:
        args = directive_args(applied)
        implements.setdefault(graphs[str(args["graph"])], set()).add(str(args["interface"]))
    return implements
