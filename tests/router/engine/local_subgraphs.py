"""Tiny in-process federation subgraphs executed by graphql-core (real GraphQL, no HTTP).

A `LocalSubgraph` is built from a fixture's subgraph SDL plus plain Python resolvers:
root field values and one reference resolver per entity type.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLSchema,
    InterfaceTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    build_ast_schema,
    graphql,
    parse,
)

from router.errors import SubgraphUnavailable
from router.interfaces import RequestContext

type Resolver = Callable[..., Any]
type ReferenceResolver = Callable[[dict[str, Any]], Any]

_EXTEND_SCHEMA = re.compile(
    r"extend\s+schema[^{}]*?(?=\n(?:type|interface|union|enum|input|scalar|directive|extend\s+type)\b|\Z)",
    re.S,
)


def _has_key(node: Any) -> bool:
    return any(d.name.value == "key" for d in node.directives or ())


def build_subgraph_schema(
    sdl: str,
    root_resolvers: Mapping[str, Resolver],
    references: Mapping[str, ReferenceResolver],
    field_resolvers: Mapping[str, Resolver] | None = None,
) -> GraphQLSchema:
    """An executable subgraph schema with `_entities` and `_service`."""
    body = _EXTEND_SCHEMA.sub("", sdl)
    document = parse(body)
    entities = [
        d.name.value
        for d in document.definitions
        if isinstance(d, ObjectTypeDefinitionNode) and _has_key(d)
    ]
    has_query = any(
        isinstance(d, ObjectTypeDefinitionNode) and d.name.value == "Query"
        for d in document.definitions
    )
    interface_objects = {
        d.name.value
        for d in document.definitions
        if isinstance(d, ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode)
        and any(x.name.value == "interfaceObject" for x in d.directives or ())
    }
    extra = "scalar _Any\ntype _Service { sdl: String }\n"
    query_fields = "_service: _Service!"
    if entities:
        extra += f"union _Entity = {' | '.join(entities)}\n"
        query_fields += "\n  _entities(representations: [_Any!]!): [_Entity]!"
    extra += (
        ("extend type Query" if has_query else "type Query") + " {\n  " + query_fields + "\n}\n"
    )
    schema = build_ast_schema(parse(body + "\n" + extra), assume_valid_sdl=True)

    def resolve_entities(
        _root: Any, _info: Any, representations: list[dict[str, Any]]
    ) -> list[Any]:
        results = []
        for representation in representations:
            typename = representation["__typename"]
            found = references[typename](representation)
            if isinstance(found, dict) and "__typename" not in found:
                found = {"__typename": typename, **found}
            results.append(found)
        return results

    query = schema.query_type
    assert query is not None
    query.fields["_entities"].resolve = resolve_entities
    query.fields["_service"].resolve = lambda *_: {"sdl": sdl}
    for name, resolver in root_resolvers.items():
        type_name, _, field_name = name.rpartition(".")
        target = schema.get_type(type_name or "Query")
        target.fields[field_name].resolve = resolver  # type: ignore[union-attr]
    for name, resolver in (field_resolvers or {}).items():
        type_name, _, field_name = name.partition(".")
        schema.get_type(type_name).fields[field_name].resolve = resolver  # type: ignore[union-attr]
    for name in interface_objects:
        assert name in schema.type_map
    return schema


@dataclass
class InProcessTransport:
    """`SubgraphTransport` that executes requests on in-process subgraph schemas."""

    schemas: dict[str, GraphQLSchema]
    unavailable: set[str] = field(default_factory=set)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    async def fetch(
        self, subgraph: str, body: dict[str, Any], context: RequestContext
    ) -> dict[str, Any]:
        self.calls.append((subgraph, body))
        if subgraph in self.unavailable:
            raise SubgraphUnavailable(subgraph, "connection refused")
        result = await graphql(
            self.schemas[subgraph],
            body["query"],
            variable_values=body.get("variables"),
            operation_name=body.get("operationName"),
        )
        response: dict[str, Any] = {"data": result.data}
        if result.errors:
            response["errors"] = [error.formatted for error in result.errors]
        return response
