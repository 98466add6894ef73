"""Stage 3: the normalized operation (fragments inlined, @skip/@include applied)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import GraphQLSchema

from router.normalize import NormalizedOperation, normalize_operation
from router.pipeline.parse import ParsedOperation


def normalized(
    api_schema: GraphQLSchema, parsed: ParsedOperation, variables: Mapping[str, Any] | None
) -> NormalizedOperation:
    """For these coerced values; ``None`` keeps @skip/@include on variables as conditions."""
    return normalize_operation(api_schema, parsed.operation, parsed.fragments, variables)
