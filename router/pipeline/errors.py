"""The GraphQL errors the pipeline answers with before (or instead of) executing."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError

from router.errors import graphql_error


def coded(error: GraphQLError, code: str) -> dict[str, Any]:
    """A graphql-core error as a response error with ``extensions.code``."""
    formatted: dict[str, Any] = dict(error.formatted)
    extensions = formatted.get("extensions")
    formatted["extensions"] = {**(extensions if isinstance(extensions, dict) else {}), "code": code}
    return formatted


def planning_failed(error: Exception) -> dict[str, Any]:
    """The body for an operation valid for the API schema that no subgraph path satisfies."""
    message = f"Cannot plan the operation: {error}"
    return {"errors": [graphql_error(message, "QUERY_PLANNING_FAILED")]}
