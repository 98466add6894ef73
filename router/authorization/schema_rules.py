"""Read `@authenticated`, `@requiresScopes` and `@policy` off the supergraph schema.

The directives' local names come from the supergraph's `@link`s (`as:` and import aliases);
a spec that is not linked is not enforced. A field selected on an object type is guarded by
its own directives, by those of the type it returns and by those of the object type itself
(which matters where abstract selections reach it per concrete type). Interface fields are
not consulted: normalized operations select fields on concrete types, and composition copies
the implementations' requirements up to the interface (which then guards fields returning it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    Node,
    get_named_type,
)

from router.authorization.requirement import AnyOfAll, Requirement, any_of_all, combine
from router.supergraph.directives import directive_args, directive_nodes, has_directive
from router.supergraph.links import Links, schema_links


def _local_name(links: Links, spec: str) -> str | None:
    return links.directive_name(spec, spec) if spec in links.specs else None


def _type_nodes(named: GraphQLNamedType) -> Iterator[Node]:
    if named.ast_node is not None:
        yield named.ast_node
    yield from named.extension_ast_nodes


def _field_nodes(field: GraphQLField) -> tuple[Node, ...]:
    return () if field.ast_node is None else (field.ast_node,)


class AuthorizationRules:
    """Per (object type, field) requirements, computed on first use and memoized."""

    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        links = schema_links(schema)
        self._authenticated = _local_name(links, "authenticated")
        self._requires_scopes = _local_name(links, "requiresScopes")
        self._policy = _local_name(links, "policy")
        self._by_type: dict[str, Requirement] = {}
        self._by_field: dict[tuple[str, str], Requirement | None] = {}
        self.enabled = self._any_applied()

    def _conditions(self, node: Node, directive: str | None, argument: str) -> Iterator[AnyOfAll]:
        for applied in directive_nodes(node, directive) if directive else ():
            yield any_of_all(directive_args(applied).get(argument))

    def _read(self, nodes: Iterable[Node]) -> Requirement:
        authenticated = False
        scopes: set[AnyOfAll] = set()
        policies: set[AnyOfAll] = set()
        for node in nodes:
            if self._authenticated and has_directive(node, self._authenticated):
                authenticated = True
            scopes.update(self._conditions(node, self._requires_scopes, "scopes"))
            policies.update(self._conditions(node, self._policy, "policies"))
        return Requirement(authenticated, frozenset(scopes), frozenset(policies))

    def type_requirement(self, type_name: str) -> Requirement:
        """What the directives on a named type require."""
        found = self._by_type.get(type_name)
        if found is None:
            named = self.schema.get_type(type_name)
            found = Requirement() if named is None else self._read(_type_nodes(named))
            self._by_type[type_name] = found
        return found

    def field_requirement(self, parent_type: str, field_name: str) -> Requirement | None:
        """What selecting `field_name` on an object of type `parent_type` needs (None: nothing)."""
        key = (parent_type, field_name)
        if key in self._by_field:
            return self._by_field[key]
        parent = self.schema.get_type(parent_type)
        result: Requirement | None = None
        if isinstance(parent, GraphQLObjectType) and field_name in parent.fields:
            field = parent.fields[field_name]
            parts = [
                self._read(_field_nodes(field)),
                self.type_requirement(parent_type),
                self.type_requirement(get_named_type(field.type).name),
            ]
            combined = combine(parts)
            result = None if combined.is_empty else combined
        self._by_field[key] = result
        return result

    def _any_applied(self) -> bool:
        if not (self._authenticated or self._requires_scopes or self._policy):
            return False
        for named in self.schema.type_map.values():
            if named.name.startswith("__"):
                continue
            if not self.type_requirement(named.name).is_empty:
                return True
            if isinstance(named, GraphQLObjectType | GraphQLInterfaceType) and any(
                not self._read(_field_nodes(field)).is_empty for field in named.fields.values()
            ):
                return True
        return False
