"""The @link applications of a supergraph: which specs are used and under which names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from graphql import DocumentNode, GraphQLSchema, SchemaDefinitionNode, SchemaExtensionNode

from router.supergraph.directives import directive_args, directive_nodes

_SPEC_URL = re.compile(r"^https?://[^/]+(?:/.*)?/(?P<name>[A-Za-z_][\w-]*)/v(?P<version>\d+\.\d+)$")


@dataclass(frozen=True)
class LinkedSpec:
    """One `@link(url:, as:, import:)` on the schema."""

    url: str
    name: str
    version: str
    prefix: str
    imports: dict[str, str]  # imported element name (e.g. "@inaccessible") -> local name


@dataclass
class Links:
    """All specs linked by the supergraph, indexed by spec name."""

    specs: dict[str, LinkedSpec] = field(default_factory=dict)

    def directive_name(self, spec: str, directive: str) -> str:
        """Local name of `@spec__directive` (or of an imported directive)."""
        linked = self.specs.get(spec)
        if linked is None:
            return f"{spec}__{directive}" if directive != spec else spec
        imported = linked.imports.get(f"@{directive}")
        if imported is not None:
            return imported.lstrip("@")
        if directive == spec:
            return linked.prefix
        return f"{linked.prefix}__{directive}"


def read_links(document: DocumentNode) -> Links:
    """Collect every `@link` applied to the schema definition or its extensions."""
    links = Links()
    for definition in document.definitions:
        if not isinstance(definition, SchemaDefinitionNode | SchemaExtensionNode):
            continue
        for directive in directive_nodes(definition, "link"):
            args = directive_args(directive)
            url = str(args.get("url", ""))
            match = _SPEC_URL.match(url)
            if match is None:
                continue
            name = match.group("name")
            imports: dict[str, str] = {}
            for item in args.get("import") or ():
                if isinstance(item, str):
                    imports[item] = item
                elif isinstance(item, dict) and "name" in item:
                    imports[str(item["name"])] = str(item.get("as") or item["name"])
            links.specs[name] = LinkedSpec(
                url=url,
                name=name,
                version=match.group("version"),
                prefix=str(args.get("as") or name),
                imports=imports,
            )
    links.specs.setdefault("link", LinkedSpec("", "link", "1.0", "link", {}))
    return links


def schema_links(schema: GraphQLSchema) -> Links:
    """The `@link`s of a schema built from SDL (its definition and extensions)."""
    nodes: list[Any] = [schema.ast_node, *schema.extension_ast_nodes]
    return read_links(DocumentNode(definitions=tuple(node for node in nodes if node)))
