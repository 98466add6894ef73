"""Entity types' shared parts: stubs of other subgraphs' entities, optional conversion."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Self

import strawberry


@dataclass
class EntityStub:
    """Base of an entity another subgraph owns, known here by its ``id`` alone (subclasses
    add this subgraph's fields and ``@strawberry.federation.type(keys=["id"])``)."""

    id: strawberry.ID

    @classmethod
    def of(cls, id: object) -> Self:
        """The stub of the entity with this id (an ``ObjectId`` or its string)."""
        return cls(id=strawberry.ID(str(id)))

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Self:
        return cls(id=id)


def maybe[R, N](convert: Callable[[R], N], value: R | None) -> N | None:
    """``convert(value)``, or ``None`` when there is no value."""
    return None if value is None else convert(value)
