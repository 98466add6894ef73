"""Errors raised by the router core and understood by the HTTP layer."""

from __future__ import annotations

from typing import Any, Literal

type FailureKind = Literal["TIMEOUT", "UNREACHABLE", "BAD_RESPONSE", "NOT_CONFIGURED"]


class SubgraphUnavailable(Exception):
    """A subgraph could not be reached or answered with something that is not GraphQL.

    ``kind`` is the stable failure kind clients see (``extensions.reason``); ``reason`` the
    detail for logs only.
    """

    def __init__(self, subgraph: str, reason: str, kind: FailureKind = "UNREACHABLE") -> None:
        super().__init__(f"subgraph '{subgraph}' is unavailable: {reason}")
        self.subgraph = subgraph
        self.reason = reason
        self.kind: FailureKind = kind


class RequestError(Exception):
    """The request cannot be executed at all (syntax, validation, unknown operation...).

    `errors` are GraphQL error dicts ready for the response body; `status` is the HTTP status
    the GraphQL-over-HTTP spec suggests for them.
    """

    def __init__(self, errors: list[dict[str, Any]], status: int = 400) -> None:
        super().__init__("; ".join(str(error.get("message")) for error in errors))
        self.errors = errors
        self.status = status


class SupergraphError(Exception):
    """The supergraph SDL is not a usable Federation v2 supergraph."""


def graphql_error(
    message: str,
    code: str,
    path: list[str | int] | None = None,
    **extensions: Any,
) -> dict[str, Any]:
    """Build a GraphQL error dict with a stable `extensions.code`."""
    error: dict[str, Any] = {"message": message}
    if path is not None:
        error["path"] = path
    error["extensions"] = {"code": code, **extensions}
    return error
