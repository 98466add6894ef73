"""Stage 2: coerce the request's variable values (and those sent on to subgraphs)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import GraphQLSchema, value_from_ast_untyped
from graphql.execution.values import get_variable_values

from router.pipeline.errors import coded
from router.pipeline.parse import ParsedOperation


def coerce_variables(
    api_schema: GraphQLSchema,
    parsed: ParsedOperation,
    variables: Mapping[str, Any],
    suggestions: bool = True,
) -> dict[str, Any] | list[dict[str, Any]]:
    """The coerced values, or ``BAD_USER_INPUT`` errors ("Did you mean" hints only with
    ``suggestions``)."""
    definitions = parsed.operation.variable_definitions or ()
    if not definitions:
        return {}
    coerced = get_variable_values(
        api_schema, definitions, dict(variables), hide_suggestions=not suggestions
    )
    if isinstance(coerced, list):
        return [coded(error, "BAD_USER_INPUT") for error in coerced]
    values: Any = getattr(coerced, "coerced", coerced)  # graphql-core 3.3 wraps the dict
    return dict(values)


def variables_to_send(parsed: ParsedOperation, variables: Mapping[str, Any]) -> dict[str, Any]:
    """Client values as sent (subgraphs coerce them again), defaults filled in."""
    sent = dict(variables)
    for definition in parsed.operation.variable_definitions or ():
        name = definition.variable.name.value
        if name not in sent and definition.default_value is not None:
            sent[name] = value_from_ast_untyped(definition.default_value)
    return sent
