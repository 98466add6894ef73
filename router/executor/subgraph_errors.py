"""Subgraph errors rewritten for the client: paths in the response, the service named."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from router.errors import graphql_error


def with_service(error: Any, service: str) -> dict[str, Any]:
    """Copy of a subgraph error with `extensions.serviceName` (and a message, always)."""
    if not isinstance(error, dict):
        return {"message": str(error), "extensions": {"serviceName": service}}
    result = {key: value for key, value in error.items() if key != "locations"}
    result.setdefault("message", "Subgraph error")
    extensions = result.get("extensions")
    result["extensions"] = {
        **(extensions if isinstance(extensions, dict) else {}),
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


def unavailable_error(service: str, reason: str, path: list[str | int] | None) -> dict[str, Any]:
    """Error for a fetch whose subgraph could not answer."""
    return graphql_error(
        f"Subgraph '{service}' is unavailable: {reason}",
        "SUBGRAPH_UNAVAILABLE",
        path,
        serviceName=service,
    )
