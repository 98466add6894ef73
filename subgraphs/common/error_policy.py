"""Never leak internals: unexpected errors become INTERNAL_SERVER_ERROR, every error has a code."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from subgraphs.common.errors import DomainError

INTERNAL_MESSAGE = "Internal server error"


def is_unexpected(error: GraphQLError) -> bool:
    """A resolver crashed (a bug or an outage), as opposed to a client or domain error."""
    original = error.original_error
    return original is not None and not isinstance(original, DomainError) and error.path is not None


def _client_error(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if isinstance(original, DomainError):
        return error
    if is_unexpected(error):
        return GraphQLError(
            INTERNAL_MESSAGE,
            nodes=error.nodes,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR"},
        )
    if error.extensions and "code" in error.extensions:
        return error
    # Request-level problems are the client's: a variable that fails to coerce is bad input,
    # a document that does not parse or validate is a bad request.
    code = "BAD_USER_INPUT" if original is not None else "BAD_REQUEST"
    extensions = {"code": code, **(error.extensions or {})}
    return GraphQLError(error.message, nodes=error.nodes, path=error.path, extensions=extensions)


class ClientErrorPolicy(SchemaExtension):
    """Replace unexpected exceptions by a generic error (they are logged by the schema)."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [_client_error(error) for error in result.errors]
