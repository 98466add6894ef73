"""A fixture's API schema (what clients may query), built without our router's code.

Two independent sources: ``introspect`` asks a running gateway (the Hive peer), and
``from_supergraph`` strips the supergraph SDL itself (``join__``/``link__`` machinery, every
directive and every ``@inaccessible`` element) for offline use.
"""

from __future__ import annotations

from typing import Any

import httpx
from graphql import (
    DefinitionNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    FieldDefinitionNode,
    GraphQLSchema,
    InputObjectTypeDefinitionNode,
    InputValueDefinitionNode,
    InterfaceTypeDefinitionNode,
    NamedTypeNode,
    Node,
    ObjectTypeDefinitionNode,
    TypeDefinitionNode,
    TypeNode,
    UnionTypeDefinitionNode,
    build_ast_schema,
    build_client_schema,
    get_introspection_query,
    parse,
)

MACHINERY_PREFIXES = ("join__", "link__")


def introspect(client: httpx.Client, url: str) -> GraphQLSchema:
    """The API schema a gateway serves, read by the standard introspection query."""
    response = client.post(url, json={"query": get_introspection_query()})
    body = response.json()
    if body.get("errors") or not body.get("data"):
        raise RuntimeError(f"introspection of {url} failed: {body}")
    return build_client_schema(body["data"])


def _inaccessible(node: Node) -> bool:
    return any(d.name.value == "inaccessible" for d in getattr(node, "directives", None) or ())


def _named(type_node: TypeNode) -> str:
    while not isinstance(type_node, NamedTypeNode):
        type_node = type_node.type  # type: ignore[attr-defined]
    return type_node.name.value


def _arguments(args: Any, hidden: set[str]) -> tuple[InputValueDefinitionNode, ...]:
    return tuple(
        a.__class__(name=a.name, type=a.type, default_value=a.default_value, directives=())
        for a in args or ()
        if not _inaccessible(a) and _named(a.type) not in hidden
    )


def _strip(definition: TypeDefinitionNode, hidden: set[str]) -> DefinitionNode:
    """A copy of a type definition without directives, inaccessible members or references
    to hidden types."""
    kwargs: dict[str, Any] = {"name": definition.name, "directives": ()}
    if isinstance(definition, ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode):
        kwargs["interfaces"] = tuple(
            i for i in definition.interfaces or () if i.name.value not in hidden
        )
        kwargs["fields"] = tuple(
            FieldDefinitionNode(
                name=f.name, type=f.type, arguments=_arguments(f.arguments, hidden), directives=()
            )
            for f in definition.fields or ()
            if not _inaccessible(f) and _named(f.type) not in hidden
        )
    elif isinstance(definition, InputObjectTypeDefinitionNode):
        kwargs["fields"] = _arguments(definition.fields, hidden)
    elif isinstance(definition, UnionTypeDefinitionNode):
        kwargs["types"] = tuple(t for t in definition.types or () if t.name.value not in hidden)
    elif isinstance(definition, EnumTypeDefinitionNode):
        kwargs["values"] = tuple(
            v.__class__(name=v.name, directives=())
            for v in definition.values or ()
            if not _inaccessible(v)
        )
    return definition.__class__(**kwargs)


def from_supergraph(sdl: str) -> GraphQLSchema:
    """The API schema of a supergraph: its types minus federation machinery and
    ``@inaccessible`` elements (types, fields, arguments, enum values, input fields)."""
    document = parse(sdl)
    types = [d for d in document.definitions if isinstance(d, TypeDefinitionNode)]
    hidden = {
        d.name.value
        for d in types
        if _inaccessible(d) or d.name.value.startswith(MACHINERY_PREFIXES)
    }
    kept = [_strip(d, hidden) for d in types if d.name.value not in hidden]
    return build_ast_schema(DocumentNode(definitions=tuple(kept)))
