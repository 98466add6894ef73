"""Build the supergraph model from supergraph SDL."""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLUnionType,
    build_ast_schema,
    parse,
)

from router.supergraph.join_field import read_join_fields
from router.supergraph.join_graph import read_join_graphs
from router.supergraph.join_implements import read_join_implements
from router.supergraph.join_type import read_join_types
from router.supergraph.join_union import read_join_union_members
from router.supergraph.links import Links, read_links
from router.supergraph.model import FieldInfo, Supergraph, TypeInfo


def _kind(named: GraphQLNamedType) -> str:
    if isinstance(named, GraphQLObjectType):
        return "object"
    if isinstance(named, GraphQLInterfaceType):
        return "interface"
    if isinstance(named, GraphQLUnionType):
        return "union"
    if isinstance(named, GraphQLEnumType):
        return "enum"
    if isinstance(named, GraphQLInputObjectType):
        return "input"
    return "scalar"


def load_supergraph(sdl: str) -> tuple[Supergraph, Links]:
    """Parse supergraph SDL and read every join__ directive into a `Supergraph`."""
    document = parse(sdl, no_location=True)
    links = read_links(document)
    schema = build_ast_schema(document, assume_valid_sdl=True)
    subgraphs = read_join_graphs(schema, links)
    graph_names = {enum_value: sub.name for enum_value, sub in subgraphs.items()}
    join_type = links.directive_name("join", "type")
    join_field = links.directive_name("join", "field")
    join_implements = links.directive_name("join", "implements")
    join_union_member = links.directive_name("join", "unionMember")

    types: dict[str, TypeInfo] = {}
    for name, named in schema.type_map.items():
        if name.startswith("__"):
            continue
        info = TypeInfo(name=name, kind=_kind(named))
        info.graphs = read_join_types(named.ast_node, join_type, graph_names)
        types[name] = info

    for name, named in schema.type_map.items():
        if name not in types:
            continue
        info = types[name]
        type_graphs = list(info.graphs)
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field_def in named.fields.items():
                info.fields[field_name] = FieldInfo(
                    name=field_name,
                    parent=name,
                    graphs=read_join_fields(
                        field_def.ast_node, join_field, graph_names, type_graphs
                    ),
                )
            interfaces = [iface.name for iface in named.interfaces]
            info.implements = read_join_implements(
                named.ast_node,
                join_implements,
                graph_names,
                type_graphs,
                interfaces,
                {iface: set(types[iface].graphs) for iface in interfaces},
            )
        elif isinstance(named, GraphQLUnionType):
            members = [member.name for member in named.types]
            info.union_members = read_join_union_members(
                named.ast_node,
                join_union_member,
                graph_names,
                type_graphs,
                members,
                {member: set(types[member].graphs) for member in members},
            )

    root_types = {
        kind: root.name
        for kind, root in (
            ("query", schema.query_type),
            ("mutation", schema.mutation_type),
            ("subscription", schema.subscription_type),
        )
        if root is not None
    }
    model = Supergraph(
        schema=schema,
        subgraphs={sub.name: sub for sub in subgraphs.values()},
        types=types,
        root_types=root_types,
    )
    return model, links
