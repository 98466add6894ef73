"""Operation guards: checks (and their follow-ups) that run around a mutation's execution.

A guard's ``before`` runs after planning and before anything is sent; returning errors
refuses the whole operation (nothing reaches a subgraph). ``after`` runs once the plan has
executed and may add errors. Guards run in order: built-in reference validation first, then
the named rules configured for this router (``ROUTER_RULES``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from graphql import GraphQLSchema

from router.interfaces import RequestContext, SubgraphTransport
from router.normalize import NormalizedOperation
from router.pipeline.parse import ParsedOperation
from router.supergraph import Supergraph


class GuardHost(Protocol):
    """What a guard may use of the router it guards (``router.engine.Engine`` is one)."""

    @property
    def supergraph(self) -> Supergraph: ...

    @property
    def api_schema(self) -> GraphQLSchema: ...

    @property
    def transport(self) -> SubgraphTransport: ...

    def prepare(self, document: str, operation_name: str | None) -> ParsedOperation:
        """Parse and validate a sub-operation of the public API (cached)."""
        ...

    async def execute(
        self,
        operation: ParsedOperation,
        variables: Mapping[str, Any] | None,
        context: RequestContext,
    ) -> dict[str, Any]:
        """Run a sub-operation through the whole pipeline; its response body."""
        ...

    def root_field_subgraph(self, operation_type: str, field_name: str) -> str:
        """The subgraph that resolves a root field (also ``@inaccessible`` ones)."""
        ...


@dataclass(frozen=True, slots=True)
class GuardCall:
    """One mutation about to be (or just) executed."""

    operation: NormalizedOperation  # after authorization filtering
    variables: Mapping[str, Any]  # coerced variable values
    context: RequestContext
    notes: dict[str, Any] = field(default_factory=dict)  # a guard's state from before to after


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


GuardFactory = Callable[[GuardHost], OperationGuard]
