"""Typed decorators for fields that carry Federation's ``@authenticated``.

``strawberry.federation.field(...)`` with arguments is untyped for ``mypy --strict``; these
wrappers keep the decorated resolver's signature (like ``schema.described_field``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import strawberry


def authenticated_field[**P, R](description: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A field that needs a logged-in caller (``@authenticated``, enforced by the router too)."""
    return cast(
        Callable[[Callable[P, R]], Callable[P, R]],
        strawberry.federation.field(authenticated=True, description=description),
    )


def authenticated_mutation[**P, R](
    description: str,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A mutation that needs a logged-in caller (``@authenticated``)."""
    return cast(
        Callable[[Callable[P, R]], Callable[P, R]],
        strawberry.federation.mutation(authenticated=True, description=description),
    )


def internal_field[**P, R](description: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A query field only the router's named rules read (``@inaccessible``, ``@authenticated``)."""
    return cast(
        Callable[[Callable[P, R]], Callable[P, R]],
        strawberry.federation.field(inaccessible=True, authenticated=True, description=description),
    )


def internal_mutation[**P, R](description: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A mutation only the router's named rules call: ``@inaccessible`` (not in the public
    API) and ``@authenticated``; direct calls are refused like every direct subgraph call."""
    return cast(
        Callable[[Callable[P, R]], Callable[P, R]],
        strawberry.federation.mutation(
            inaccessible=True, authenticated=True, description=description
        ),
    )


def authenticated_subscription[**P, R](
    description: str,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A subscription that needs a logged-in caller (``@authenticated``)."""
    return cast(
        Callable[[Callable[P, R]], Callable[P, R]],
        strawberry.federation.field(
            is_subscription=True, authenticated=True, description=description
        ),
    )
