"""Parsing of `join__FieldSet` strings (keys, requires, provides)."""

from __future__ import annotations

from functools import lru_cache

from graphql import SelectionSetNode, parse


@lru_cache(maxsize=4096)
def parse_field_set(field_set: str) -> SelectionSetNode:
    """Parse `"id organization { id }"` into a selection set AST."""
    document = parse("{" + field_set + "}", no_location=True)
    operation = document.definitions[0]
    return operation.selection_set  # type: ignore[attr-defined, no-any-return]
