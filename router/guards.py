"""Operation guards: checks (and their follow-ups) that run around a mutation's execution.

A guard's ``before`` runs after planning and before anything is sent; returning errors
refuses the whole operation (nothing reaches a subgraph). ``after`` runs once the plan has
executed and may add errors. Guards run in order: built-in reference validation first, then
the named rules configured for this router (``ROUTER_RULES``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from router.interfaces import RequestContext
from router.normalize import NormalizedOperation

if TYPE_CHECKING:
    from router.engine import Engine


@dataclass(frozen=True, slots=True)
class GuardCall:
    """One mutation about to be (or just) executed."""

    operation: NormalizedOperation  # after authorization filtering
    variables: Mapping[str, Any]  # coerced variable values
    context: RequestContext


class OperationGuard(Protocol):
    """A check before a mutation is sent, and what follows once it ran."""

    async def before(self, call: GuardCall) -> list[dict[str, Any]]:
        """GraphQL errors that refuse the operation; empty to let it through."""
        ...

    async def after(
        self, call: GuardCall, data: Mapping[str, Any], errors: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """Errors to add to the response once the operation ran (often none)."""
        ...


GuardFactory = Callable[["Engine"], OperationGuard]
