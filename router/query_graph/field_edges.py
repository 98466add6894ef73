"""Field edges: the fields each subgraph resolves on each of its types."""

from __future__ import annotations

from graphql import GraphQLInterfaceType, GraphQLObjectType

from router.query_graph.edges import FieldEdge
from router.query_graph.override import entry_active
from router.query_graph.provided import provided_tree
from router.supergraph.model import Supergraph


def _named(type_text: str) -> str:
    return type_text.strip("[]!")


def field_edges(
    supergraph: Supergraph, type_name: str, enabled_labels: frozenset[str]
) -> dict[str, dict[str, FieldEdge]]:
    """Subgraph -> field name -> edge, for every subgraph declaring `type_name`.

    Fields overridden away (per the enabled progressive-override labels) have no edge, unless
    the overridden subgraph still uses them in a key (`key_only`). `@external` fields keep
    an edge, marked external: only a `@provides` makes them resolvable.
    """
    info = supergraph.types[type_name]
    named = supergraph.schema.get_type(type_name)
    if not isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
        return {}
    result: dict[str, dict[str, FieldEdge]] = {}
    for graph in info.graphs:
        edges: dict[str, FieldEdge] = {}
        for field_name, field_info in info.fields.items():
            entry = field_info.graphs.get(graph)
            if entry is None:
                continue
            active = entry_active(entry, enabled_labels)
            if not active and not entry.used_overridden:
                continue
            type_text = entry.type or str(named.fields[field_name].type)
            edges[field_name] = FieldEdge(
                subgraph=graph,
                parent=type_name,
                name=field_name,
                target=_named(type_text),
                type_text=type_text,
                requires=entry.requires,
                provides=provided_tree(entry.provides) if entry.provides is not None else None,
                external=entry.external,
                key_only=not active,
            )
        result[graph] = edges
    return result
