"""Never leak internals: unexpected errors become INTERNAL_SERVER_ERROR, every error has a code.

A database that cannot be reached is an outage, not a bug: SUBGRAPH_UNAVAILABLE (retry later).
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from pymongo.errors import ConnectionFailure
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import SchemaExtension

from subgraphs.common.errors import DomainError

INTERNAL_MESSAGE = "Internal server error"
DATABASE_UNAVAILABLE_MESSAGE = "The service cannot reach its database; try again shortly."


def is_unexpected(error: GraphQLError) -> bool:
    """A resolver crashed (a bug or an outage), as opposed to a client or domain error."""
    original = error.original_error
    return original is not None and not isinstance(original, DomainError) and error.path is not None


def _client_error(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if isinstance(original, DomainError):
        return error
    if isinstance(original, ConnectionFailure):  # server selection timeout, connection lost
        return GraphQLError(
            DATABASE_UNAVAILABLE_MESSAGE,
            nodes=error.nodes,
            path=error.path,
            extensions={"code": "SUBGRAPH_UNAVAILABLE", "reason": "DATABASE_UNAVAILABLE"},
        )
    if is_unexpected(error):
        return GraphQLError(
            INTERNAL_MESSAGE,
            nodes=error.nodes,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR"},
        )
    if error.extensions and "code" in error.extensions:
        return error
    # Request-level problems are the client's: a value that fails to coerce (a variable, or a
    # literal such as an invalid DateTime) is bad input, a document that does not parse or
    # validate is a bad request.
    coercion = original is not None or isinstance(error, StrawberryInputCoercionError)
    code = "BAD_USER_INPUT" if coercion else "BAD_REQUEST"
    extensions = {"code": code, **(error.extensions or {})}
    return GraphQLError(error.message, nodes=error.nodes, path=error.path, extensions=extensions)


class ClientErrorPolicy(SchemaExtension):
    """Replace unexpected exceptions by a generic error (they are logged by the schema)."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [_client_error(error) for error in result.errors]
