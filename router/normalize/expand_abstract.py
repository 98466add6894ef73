"""Pass: expand selections on interfaces and unions into one selection per possible type."""

from __future__ import annotations

from graphql import GraphQLSchema, is_abstract_type


def possible_types(schema: GraphQLSchema, type_name: str) -> list[str]:
    """Concrete object types a value of `type_name` can have, in schema order."""
    named = schema.get_type(type_name)
    if named is None or not is_abstract_type(named):
        return [type_name]
    return [obj.name for obj in schema.get_possible_types(named)]
