"""Stage 6: the operation guards around a mutation (see ``router.guards``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from router.guards import GuardCall, OperationGuard
from router.interfaces import RequestContext
from router.normalize import NormalizedOperation


class GuardChain:
    """Runs the guards in order: ``before`` until one refuses, every ``after``."""

    def __init__(self, guards: Sequence[OperationGuard]) -> None:
        self._guards = tuple(guards)

    def call(
        self,
        operation_type: str,
        operation: NormalizedOperation,
        variables: Mapping[str, Any],
        context: RequestContext,
    ) -> GuardCall | None:
        """The call to guard; None when nothing is (guards see mutations only)."""
        if not self._guards or operation_type != "mutation":
            return None
        return GuardCall(operation, variables, context)

    async def before(self, call: GuardCall) -> list[dict[str, Any]]:
        """The first refusal (errors), or an empty list to let the mutation through."""
        for guard in self._guards:
            refusal = await guard.before(call)
            if refusal:
                return refusal
        return []

    async def after(
        self, call: GuardCall, data: Mapping[str, Any], errors: list[dict[str, Any]]
    ) -> None:
        """Add each guard's follow-up errors to ``errors`` (later guards see earlier ones)."""
        for guard in self._guards:
            errors.extend(await guard.after(call, data, errors))
