"""Stage 1: parse a document and validate it against the API schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    parse,
    validate,
)
from graphql.validation import NoSchemaIntrospectionCustomRule

from router.errors import RequestError, graphql_error
from router.introspection import introspection_document
from router.normalize import conditional_variables, pick_operation
from router.pipeline.errors import coded
from router.pipeline.plans import CompiledPlan
from router.plan import QueryPlan


@dataclass(eq=False)
class ParsedOperation:
    """A parsed and validated operation, with its plans cached per plan-changing values."""

    document: DocumentNode
    operation: OperationDefinitionNode
    operation_type: str  # "query" | "mutation" | "subscription"
    operation_name: str | None
    fragments: dict[str, FragmentDefinitionNode]
    conditional_variables: tuple[str, ...]
    introspection: DocumentNode | None
    has_incremental: bool = False  # mentions @defer or @stream (router.incremental splits it)
    plans: dict[tuple[Any, ...], CompiledPlan] = field(default_factory=dict)
    # With @skip/@include on variables: one plan for any values (Condition nodes), per labels
    shared_plans: dict[frozenset[str], QueryPlan] = field(default_factory=dict)
    plan_errors: dict[tuple[Any, ...], str] = field(default_factory=dict)  # unplannable
    unshareable: set[frozenset[str]] = field(default_factory=set)  # labels planned per values
    # The HTTP layer's depth/alias/root-field check, recorded once it is made
    limits_checked: bool = False
    limit_violation: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentPolicy:
    """What a valid document may do: introspect the schema; get "Did you mean" hints."""

    introspection: bool = True
    suggestions: bool = True


def parse_operation(
    api_schema: GraphQLSchema,
    document: str,
    operation_name: str | None,
    policy: DocumentPolicy = DocumentPolicy(),
) -> ParsedOperation:
    """Parse, validate and pick the operation; ``RequestError`` when any of these fails
    (``INTROSPECTION_DISABLED`` for ``__schema``/``__type`` when the policy forbids them)."""
    try:
        ast = parse(document, no_location=False)
    except GraphQLError as error:
        raise RequestError([coded(error, "GRAPHQL_PARSE_FAILED")]) from None
    errors = validate(api_schema, ast, hide_suggestions=not policy.suggestions)
    if errors:
        raise RequestError([coded(e, "GRAPHQL_VALIDATION_FAILED") for e in errors])
    if not policy.introspection:
        refused = validate(api_schema, ast, [NoSchemaIntrospectionCustomRule], max_errors=1)
        if refused:
            raise RequestError([_introspection_refused(refused[0])])
    operation = pick_operation(ast, operation_name)
    return ParsedOperation(
        document=ast,
        operation=operation,
        operation_type=operation.operation.value,
        operation_name=operation.name.value if operation.name else None,
        fragments={
            d.name.value: d for d in ast.definitions if isinstance(d, FragmentDefinitionNode)
        },
        conditional_variables=conditional_variables(ast),
        introspection=introspection_document(ast, operation),
        has_incremental="@defer" in document or "@stream" in document,
    )


def _introspection_refused(error: GraphQLError) -> dict[str, Any]:
    refused = graphql_error(
        "Introspection is disabled on this router (ROUTER_INTROSPECTION).",
        "INTROSPECTION_DISABLED",
    )
    if error.locations:
        refused["locations"] = [location.formatted for location in error.locations]
    return refused
