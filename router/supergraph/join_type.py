"""`@join__type`: which subgraphs declare a type, with which keys."""

from __future__ import annotations

from graphql import Node

from router.supergraph.directives import directive_args, directive_nodes
from router.supergraph.fieldset import parse_field_set
from router.supergraph.model import EntityKey, TypeInGraph


def read_join_types(
    node: Node | None, directive: str, graphs: dict[str, str]
) -> dict[str, TypeInGraph]:
    """Subgraph name -> declaration, merging the repeated applications (one per key)."""
    owners: dict[str, TypeInGraph] = {}
    for applied in directive_nodes(node, directive):
        args = directive_args(applied)
        graph = graphs[str(args["graph"])]
        owner = owners.setdefault(graph, TypeInGraph(graph=graph))
        owner.extension = owner.extension or bool(args.get("extension", False))
        owner.is_interface_object = owner.is_interface_object or bool(
            args.get("isInterfaceObject", False)
        )
        key = args.get("key")
        if key:
            owner.keys.append(
                EntityKey(
                    fields=str(key),
                    selection=parse_field_set(str(key)),
                    resolvable=bool(args.get("resolvable", True)),
                )
            )
    return owners
