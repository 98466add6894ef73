"""Schema construction shared by all subgraphs (federation version, extensions, scalars)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Final, cast

import strawberry
from graphql import GraphQLError
from strawberry.federation import Schema
from strawberry.types import ExecutionContext

from subgraphs.common.error_policy import ClientErrorPolicy, is_unexpected
from subgraphs.common.observability import OperationRecorder
from subgraphs.common.read_only import ReadOnlyCallers

# @theguild/federation-composition accepts @link federation versions up to v2.9.
FEDERATION_VERSION: Final = "2.9"


class SubgraphSchema(Schema):
    """Logs only unexpected errors (with their traceback), not the client's mistakes."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        super().process_errors(
            [error for error in errors if is_unexpected(error)], execution_context
        )


def build_schema(
    *,
    query: type,
    mutation: type | None = None,
    subscription: type | None = None,
    types: Iterable[type] = (),
) -> Schema:
    """A Federation v2 schema with the project's error policy (and the access log's recorder,
    first so that it sees the errors as the policy leaves them; read-only callers cannot
    mutate)."""
    extensions: list[Any] = [OperationRecorder, ClientErrorPolicy, ReadOnlyCallers]
    return SubgraphSchema(
        query=query,
        mutation=mutation,
        subscription=subscription,
        types=list(types),
        extensions=extensions,
        federation_version=FEDERATION_VERSION,
    )


def described_field[**P, R](description: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """``@strawberry.field(description=...)`` typed so that ``mypy --strict`` accepts it."""
    return cast(
        Callable[[Callable[P, R]], Callable[P, R]], strawberry.field(description=description)
    )
