"""Schema extension: never leak internals; unexpected errors become INTERNAL_SERVER_ERROR."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from subgraphs.common.errors import DomainError

logger = logging.getLogger("subgraph.errors")

INTERNAL_MESSAGE = "Internal server error"


def _client_error(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if original is None or isinstance(original, DomainError):
        return error
    if error.path is None:
        # Request-level problems (e.g. a variable that fails to coerce) are the client's.
        extensions = {"code": "BAD_USER_INPUT", **(error.extensions or {})}
        return GraphQLError(error.message, nodes=error.nodes, extensions=extensions)
    logger.error("unexpected error at %s", error.path, exc_info=original)
    return GraphQLError(
        INTERNAL_MESSAGE,
        nodes=error.nodes,
        path=error.path,
        extensions={"code": "INTERNAL_SERVER_ERROR"},
    )


class ClientErrorPolicy(SchemaExtension):
    """Replace unexpected exceptions by a generic error and log them server-side."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [_client_error(error) for error in result.errors]
