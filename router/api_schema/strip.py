"""Remove the federation machinery and @inaccessible elements from the supergraph AST."""

from __future__ import annotations

from typing import Any

from graphql import (
    DirectiveDefinitionNode,
    DirectiveNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    InputObjectTypeDefinitionNode,
    InterfaceTypeDefinitionNode,
    Node,
    ObjectTypeDefinitionNode,
    SchemaDefinitionNode,
    TypeDefinitionNode,
    UnionTypeDefinitionNode,
)

from router.supergraph.links import Links

_KEPT_SPEC_HOSTS = ("specs.apollo.dev",)


def _replace[N: Node](node: N, **changes: Any) -> N:
    values = {key: getattr(node, key) for key in node.keys}
    values.update(changes)
    return node.__class__(**values)


class _Stripper:
    def __init__(self, links: Links) -> None:
        self.prefixes: set[str] = set()
        self.names: set[str] = set()
        for spec in links.specs.values():
            if spec.url and not any(host in spec.url for host in _KEPT_SPEC_HOSTS):
                continue  # custom specs (@composeDirective) stay in the API
            self.prefixes.add(spec.prefix)
            self.names.update(local.lstrip("@") for local in spec.imports.values())
        self.inaccessible = links.directive_name("inaccessible", "inaccessible")

    def owned(self, name: str) -> bool:
        if name in self.names or name in self.prefixes:
            return True
        head, sep, _ = name.partition("__")
        return bool(sep) and head in self.prefixes

    def hidden(self, node: Node) -> bool:
        return any(d.name.value == self.inaccessible for d in getattr(node, "directives", ()) or ())

    def directives(self, node: Node) -> tuple[DirectiveNode, ...]:
        return tuple(
            d for d in getattr(node, "directives", ()) or () if not self.owned(d.name.value)
        )

    def visible(self, nodes: Any) -> tuple[Any, ...]:
        return tuple(
            _replace(item, directives=self.directives(item), **self.nested(item))
            for item in nodes or ()
            if not self.hidden(item)
        )

    def nested(self, node: Node) -> dict[str, Any]:
        if "arguments" in node.keys and getattr(node, "arguments", None) is not None:
            return {"arguments": self.visible(node.arguments)}  # type: ignore[attr-defined]
        return {}

    def type_definition(self, node: TypeDefinitionNode, hidden_types: set[str]) -> Node:
        changes: dict[str, Any] = {"directives": self.directives(node)}
        if isinstance(node, ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode):
            changes["fields"] = self.visible(node.fields)
            changes["interfaces"] = tuple(
                iface for iface in node.interfaces or () if iface.name.value not in hidden_types
            )
        elif isinstance(node, InputObjectTypeDefinitionNode):
            changes["fields"] = self.visible(node.fields)
        elif isinstance(node, EnumTypeDefinitionNode):
            changes["values"] = self.visible(node.values)
        elif isinstance(node, UnionTypeDefinitionNode):
            changes["types"] = tuple(
                member for member in node.types or () if member.name.value not in hidden_types
            )
        return _replace(node, **changes)


def strip_supergraph(document: DocumentNode, links: Links) -> DocumentNode:
    """The API schema document: no join__/link__ machinery, nothing @inaccessible."""
    stripper = _Stripper(links)
    hidden_types = {
        node.name.value
        for node in document.definitions
        if isinstance(node, TypeDefinitionNode) and stripper.hidden(node)
    }
    definitions: list[Any] = []
    for node in document.definitions:
        if isinstance(node, SchemaDefinitionNode):
            definitions.append(_replace(node, directives=()))
        elif isinstance(node, DirectiveDefinitionNode):
            if not stripper.owned(node.name.value):
                definitions.append(_replace(node, arguments=stripper.visible(node.arguments)))
        elif isinstance(node, TypeDefinitionNode):
            name = node.name.value
            if name in hidden_types or stripper.owned(name):
                continue
            definitions.append(stripper.type_definition(node, hidden_types))
        else:
            definitions.append(node)
    return DocumentNode(definitions=tuple(definitions))
