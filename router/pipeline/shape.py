"""Stage 8: the response body, shaped like the operation asked for."""

from __future__ import annotations

from typing import Any

from router.authorization import Restriction
from router.executor import ExecutionState
from router.normalize import NormalizedOperation
from router.plan import QueryPlan
from router.response import shape_response


def response_body(
    state: ExecutionState,
    operation: NormalizedOperation,
    plan: QueryPlan,
    restriction: Restriction | None,
    explain: bool,
) -> dict[str, Any]:
    """``data`` (shaped by ``operation``), ``errors`` and, to explain, the executed plan."""
    body: dict[str, Any] = {}
    errors = state.errors
    if restriction is not None:
        errors[:0] = restriction.errors(state.data)
    body["data"] = shape_response(state.data, operation.root, errors)
    if errors:
        body["errors"] = errors
    if explain:
        body["extensions"] = {"queryPlan": plan.to_json()}
    return body
