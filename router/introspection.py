"""Introspection answered by the router from the API schema (graphql-core, off the hot path)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLSchema,
    OperationDefinitionNode,
    SelectionSetNode,
    execute,
)

INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})


def introspection_document(
    document: DocumentNode, operation: OperationDefinitionNode
) -> DocumentNode | None:
    """A document with only the operation's root introspection fields (None if it has none)."""
    fields = tuple(
        selection
        for selection in operation.selection_set.selections
        if isinstance(selection, FieldNode) and selection.name.value in INTROSPECTION_FIELDS
    )
    if not fields:
        return None
    only_introspection = OperationDefinitionNode(
        operation=operation.operation,
        name=operation.name,
        variable_definitions=operation.variable_definitions,
        directives=operation.directives,
        selection_set=SelectionSetNode(selections=fields),
    )
    others = tuple(d for d in document.definitions if not isinstance(d, OperationDefinitionNode))
    return DocumentNode(definitions=(only_introspection, *others))


def run_introspection(
    schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Execute introspection fields locally: (data, errors)."""
    result = execute(schema, document, variable_values=dict(variables))
    if hasattr(result, "__await__"):  # pragma: no cover - introspection is synchronous
        raise RuntimeError("introspection resolved asynchronously")
    errors: list[dict[str, Any]] = [dict(error.formatted) for error in result.errors or ()]
    return result.data or {}, errors
