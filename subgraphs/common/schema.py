"""Schema construction shared by all subgraphs (federation version, extensions, scalars)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from strawberry.federation import Schema

from subgraphs.common.error_policy import ClientErrorPolicy

# @theguild/federation-composition accepts @link federation versions up to v2.9.
FEDERATION_VERSION: Final = "2.9"


def build_schema(
    *, query: type, mutation: type | None = None, types: Iterable[type] = ()
) -> Schema:
    """A Federation v2 schema with the project's error policy."""
    extensions: list[Any] = [ClientErrorPolicy]
    return Schema(
        query=query,
        mutation=mutation,
        types=list(types),
        extensions=extensions,
        federation_version=FEDERATION_VERSION,
    )
