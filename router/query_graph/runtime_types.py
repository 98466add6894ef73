"""Which object types a subgraph can return where its schema says `type_name`."""

from __future__ import annotations

from router.supergraph.model import Supergraph


def runtime_types(supergraph: Supergraph, subgraph: str, type_name: str) -> frozenset[str]:
    """The object types (by the names the subgraph answers `__typename` with) it may return.

    An `@interfaceObject` subgraph answers with the interface's own name.
    """
    info = supergraph.types.get(type_name)
    if info is None:
        return frozenset()
    owner = info.graphs.get(subgraph)
    if info.kind == "object" or (owner is not None and owner.is_interface_object):
        return frozenset({type_name})
    return frozenset(supergraph.possible_types_in_graph(subgraph, type_name))
