"""The ``@references(type:)`` marks of a supergraph: which arguments and input fields hold
the key of an entity (owned by some subgraph), read under the directive's linked name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, cast

from graphql import (
    DefinitionNode,
    DocumentNode,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    Node,
)

from router.errors import SupergraphError
from router.supergraph.directives import directive_args, directive_nodes
from router.supergraph.links import read_links

REFERENCES_SPEC: Final = "https://specs.fedcal.dev/references"
"""Identity of the spec (its ``@link`` URL without the ``/vX.Y`` version)."""


class ReferenceConfigError(SupergraphError):
    """The supergraph's reference marks cannot be enforced (bad mark, owner or key)."""


@dataclass(frozen=True)
class Marks:
    """Every mark: argument ``(type, field, argument)`` or input field ``(input type, field)``
    -> the referenced entity type."""

    arguments: dict[tuple[str, str, str], str] = field(default_factory=dict)
    input_fields: dict[tuple[str, str], str] = field(default_factory=dict)

    def referenced_types(self) -> set[str]:
        """Entity types some mark refers to."""
        return {*self.arguments.values(), *self.input_fields.values()}


def references_directive_name(schema: GraphQLSchema) -> str | None:
    """Local name of ``@references`` in this supergraph (``None`` if the spec is not linked)."""
    nodes = [schema.ast_node, *schema.extension_ast_nodes]
    definitions = tuple(cast(DefinitionNode, node) for node in nodes if node is not None)
    links = read_links(DocumentNode(definitions=definitions))
    for spec in links.specs.values():
        if spec.url.rpartition("/")[0] == REFERENCES_SPEC:
            return links.directive_name(spec.name, "references")
    return None


def _mark(node: Node | None, directive: str, where: str) -> str | None:
    for application in directive_nodes(node, directive):
        target = directive_args(application).get("type")
        if not isinstance(target, str) or not target:
            raise ReferenceConfigError(f"@{directive} on {where} needs a `type` string.")
        return target
    return None


def read_marks(schema: GraphQLSchema) -> Marks:
    """Collect the marks of the supergraph schema (none when the spec is not linked)."""
    marks = Marks()
    directive = references_directive_name(schema)
    if directive is None:
        return marks
    for type_name, named in schema.type_map.items():
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field_def in named.fields.items():
                for arg_name, arg in field_def.args.items():
                    where = f"{type_name}.{field_name}({arg_name}:)"
                    target = _mark(arg.ast_node, directive, where)
                    if target is not None:
                        marks.arguments[(type_name, field_name, arg_name)] = target
        elif isinstance(named, GraphQLInputObjectType):
            for field_name, input_field in named.fields.items():
                target = _mark(input_field.ast_node, directive, f"{type_name}.{field_name}")
                if target is not None:
                    marks.input_fields[(type_name, field_name)] = target
    for target in marks.referenced_types():
        if target not in schema.type_map:
            raise ReferenceConfigError(f"@{directive}(type: {target!r}) names no supergraph type.")
    return marks
