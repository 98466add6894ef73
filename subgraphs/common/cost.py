"""Demand-control annotations (Federation 2.9 ``@cost`` / ``@listSize``), composed into the
supergraph and read by the router, which prices every operation before running it.

Each decorator goes above a Strawberry field decorator (it adds to that field's directives).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from strawberry.federation.schema_directives import Cost, ListSize

UNSET: Any = strawberry.UNSET  # an argument left out of the printed directive

# Connections: `first` says how many edges (and nodes) a page holds.
_PAGE_SIZE = ListSize(
    slicing_arguments=["first"],
    sized_fields=["edges", "nodes"],
    assumed_size=UNSET,
    require_one_slicing_argument=UNSET,
)


def paginated[F](field: F) -> F:
    """A connection field: its ``first`` argument sizes ``edges`` and ``nodes``."""
    return _with_directive(field, _PAGE_SIZE)


def assumed_size[F](items: int) -> Callable[[F], F]:
    """A list field that returns at most ``items`` items (e.g. a capped list argument)."""
    size = ListSize(
        assumed_size=items,
        slicing_arguments=UNSET,
        sized_fields=UNSET,
        require_one_slicing_argument=UNSET,
    )
    return lambda field: _with_directive(field, size)


def weighted[F](weight: int) -> Callable[[F], F]:
    """A field that costs ``weight`` (e.g. one more database query) instead of the default."""
    cost = Cost(weight=weight)
    return lambda field: _with_directive(field, cost)


def _with_directive[F](field: F, directive: object) -> F:
    existing = getattr(field, "directives", None)
    if existing is None:
        raise TypeError(f"{field!r} is not a Strawberry field")
    field.directives = [*existing, directive]  # type: ignore[attr-defined]
    return field
