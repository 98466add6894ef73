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
    paths_for_index: Callable[[int], list[list[str | int]]],
) -> list[dict[str, Any]]:
    """Rewrite `_entities.i.rest` paths to the paths of the objects behind representation i."""
    rewritten: list[dict[str, Any]] = []
    for error in errors:
        base = with_service(error, service)
        path = base.get("path")
        if not (isinstance(path, list) and len(path) >= 2 and path[0] == "_entities"):
            base.pop("path", None)
            rewritten.append(base)
            continue
        index = path[1]
        targets = paths_for_index(index) if isinstance(index, int) else []
        if not targets:
            base.pop("path", None)
            rewritten.append(base)
        for target in targets:
            rewritten.append({**base, "path": [*target, *path[2:]]})
    return rewritten


def unavailable_error(service: str, reason: str, path: list[str | int] | None) -> dict[str, Any]:
    """Error for a fetch whose subgraph could not answer."""
    return graphql_error(
        f"Subgraph '{service}' is unavailable: {reason}",
        "SUBGRAPH_UNAVAILABLE",
        path,
        serviceName=service,
    )
