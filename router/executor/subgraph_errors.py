"""Subgraph errors rewritten for the client: paths in the response, the service named."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from router.errors import FailureKind, SubgraphUnavailable, graphql_error

SUBGRAPH_ERROR = "SUBGRAPH_ERROR"  # a subgraph error that came without a code of its own

_FAILURE_MESSAGES: dict[FailureKind, str] = {
    "TIMEOUT": "The {service} service did not answer in time.",
    "UNREACHABLE": "The {service} service did not answer.",
    "BAD_RESPONSE": "The {service} service gave an answer that is not GraphQL.",
    "NOT_CONFIGURED": "The {service} service is not available.",
}


def _error_message(service: str) -> str:
    return f"The {service} service answered with an error."


def with_service(error: Any, service: str) -> dict[str, Any]:
    """Copy of a subgraph error with `extensions.serviceName`, a message and a code, always
    (``SUBGRAPH_ERROR`` for a codeless one)."""
    if not isinstance(error, dict):
        return graphql_error(_error_message(service), SUBGRAPH_ERROR, serviceName=service)
    result = {key: value for key, value in error.items() if key != "locations"}
    if not isinstance(result.get("message"), str) or not result["message"]:
        result["message"] = _error_message(service)
    extensions = result.get("extensions")
    extensions = extensions if isinstance(extensions, dict) else {}
    result["extensions"] = {
        **extensions,
        "code": extensions.get("code") or SUBGRAPH_ERROR,
        "serviceName": service,
    }
    return result


def entity_errors(
    errors: list[Any],
    service: str,
    locate: Callable[[str, int], list[list[str | int]]],
) -> list[dict[str, Any]]:
    """Rewrite `<field>.i.rest` paths (`field` an `_entities` response key) to the paths of
    the objects behind representation i, as `locate(field, i)` gives them."""
    rewritten: list[dict[str, Any]] = []
    for error in errors:
        base = with_service(error, service)
        path = base.get("path")
        if not (isinstance(path, list) and len(path) >= 2 and isinstance(path[0], str)):
            base.pop("path", None)
            rewritten.append(base)
            continue
        index = path[1]
        targets = locate(path[0], index) if isinstance(index, int) else []
        if not targets:
            base.pop("path", None)
            rewritten.append(base)
        for target in targets:
            rewritten.append({**base, "path": [*target, *path[2:]]})
    return rewritten


def errors_at(
    errors: list[Any], service: str, positions: list[list[str | int]]
) -> list[dict[str, Any]]:
    """Errors of a fetch the subgraph answered without data (e.g. it refused an argument):
    each error without a path is reported at every position the fetch would have filled."""
    placed: list[dict[str, Any]] = []
    for error in errors:
        base = with_service(error, service)
        if isinstance(base.get("path"), list) or not positions:
            placed.append(base)
        else:
            placed.extend({**base, "path": position} for position in positions)
    return placed


def unavailable_error(failure: SubgraphUnavailable, path: list[str | int] | None) -> dict[str, Any]:
    """Error for a fetch whose subgraph could not answer: the service and the failure kind
    (``extensions.reason``), never its internal detail."""
    service = failure.subgraph
    return graphql_error(
        _FAILURE_MESSAGES[failure.kind].format(service=service),
        "SUBGRAPH_UNAVAILABLE",
        path,
        serviceName=service,
        reason=failure.kind,
    )
