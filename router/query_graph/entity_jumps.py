"""Entity jumps: through which `@key` an object can be fetched from another subgraph."""

from __future__ import annotations

from graphql import GraphQLObjectType

from router.query_graph.edges import EntityJump
from router.supergraph.model import Supergraph


def entity_jumps(supergraph: Supergraph, type_name: str) -> tuple[EntityJump, ...]:
    """Every jump that fetches an object of `type_name` (object, interface or interface
    object) from a subgraph resolving it through a key, in subgraph order.

    Objects also jump to the `@interfaceObject` subgraphs of their interfaces, which know them
    only by the interface's name.
    """
    jumps: list[EntityJump] = []
    info = supergraph.types[type_name]
    for graph in supergraph.subgraphs:
        owner = info.graphs.get(graph)
        if owner is None:
            continue
        as_interface = owner.is_interface_object or info.kind == "interface"
        for key in info.resolvable_keys(graph):
            jumps.append(
                EntityJump(
                    subgraph=graph,
                    entity_type=type_name,
                    key=key.selection,
                    key_text=key.fields,
                    sent_typename=type_name if as_interface else None,
                )
            )
    named = supergraph.schema.get_type(type_name)
    if isinstance(named, GraphQLObjectType):
        for interface in named.interfaces:
            iface = supergraph.types[interface.name]
            for graph, owner in iface.graphs.items():
                if not owner.is_interface_object:
                    continue
                for key in iface.resolvable_keys(graph):
                    jumps.append(
                        EntityJump(graph, interface.name, key.selection, key.fields, interface.name)
                    )
    return tuple(jumps)
