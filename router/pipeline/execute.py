"""Stage 7: run the plan against the subgraphs, then answer introspection locally."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import GraphQLSchema

from router.executor import ExecutionState, PlanExecutor
from router.interfaces import RequestContext
from router.introspection import run_introspection
from router.pipeline.coerce import variables_to_send
from router.pipeline.parse import ParsedOperation
from router.plan import QueryPlan


async def run_plan(
    executor: PlanExecutor,
    parsed: ParsedOperation,
    plan: QueryPlan,
    variables: Mapping[str, Any],
    context: RequestContext,
) -> ExecutionState:
    """Send the plan's fetches with the client's variables (defaults filled in)."""
    return await executor.run(plan, variables_to_send(parsed, variables), context)


def answer_introspection(
    api_schema: GraphQLSchema,
    parsed: ParsedOperation,
    variables: Mapping[str, Any],
    state: ExecutionState,
) -> None:
    """Merge the operation's root introspection fields, if any, into ``state``."""
    if parsed.introspection is None:
        return
    data, errors = run_introspection(api_schema, parsed.introspection, variables)
    state.data.update(data)
    state.errors.extend(errors)
