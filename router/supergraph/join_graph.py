"""`@join__graph` on the values of the `join__Graph` enum: the subgraphs and their URLs."""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLSchema

from router.errors import SupergraphError
from router.supergraph.directives import directive_args, directive_nodes
from router.supergraph.links import Links
from router.supergraph.model import Subgraph


def read_join_graphs(schema: GraphQLSchema, links: Links) -> dict[str, Subgraph]:
    """Map each `join__Graph` enum value to its subgraph (keyed by enum value)."""
    enum_name = f"{links.specs['join'].prefix}__Graph" if "join" in links.specs else "join__Graph"
    enum = schema.type_map.get(enum_name)
    if not isinstance(enum, GraphQLEnumType):
        raise SupergraphError(f"the supergraph has no {enum_name} enum")
    directive = links.directive_name("join", "graph")
    graphs: dict[str, Subgraph] = {}
    for value_name, value in enum.values.items():
        for applied in directive_nodes(value.ast_node, directive):
            args = directive_args(applied)
            graphs[value_name] = Subgraph(
                name=str(args["name"]), enum_value=value_name, url=str(args["url"])
            )
    if not graphs:
        raise SupergraphError("the supergraph declares no subgraph")
    return graphs
