"""Stage 5b: demand control, the operation's estimated cost against the caller's budget
(before any subgraph call), and its actual cost once answered (see ``router.demand``)."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

from graphql import GraphQLSchema

from router.demand import CostGate, CostModel, DemandPolicy, actual_cost, estimated_cost
from router.interfaces import RequestContext
from router.normalize import NormalizedOperation


class CostObserver(Protocol):
    """Where costs go (the router's metrics)."""

    def cost_estimated(self, cost: int, refused: bool, authenticated: bool) -> None: ...

    def cost_measured(self, cost: int) -> None: ...


class DemandControl:
    """Prices operations with the supergraph's cost directives and applies the policy."""

    def __init__(
        self, schema: GraphQLSchema, policy: DemandPolicy, observer: CostObserver | None
    ) -> None:
        self._model = CostModel(schema)
        self._policy = policy
        self._observer = observer
        # Only when enforcing: "measure" changes nothing about how operations run.
        capacity = policy.in_flight_capacity if policy.mode == "enforce" else 0
        self._gate = CostGate(capacity, policy.in_flight_free)
        self.enabled = policy.mode != "off"

    def assess(
        self,
        operation: NormalizedOperation,
        variables: Mapping[str, Any],
        context: RequestContext,
    ) -> tuple[int, list[dict[str, Any]] | None]:
        """The estimated cost, and the errors refusing the operation (``None``: run it)."""
        if not self.enabled:
            return 0, None
        cost = estimated_cost(self._model, operation, variables, self._policy.default_list_size)
        authenticated = context.identity is not None
        refusal = self._policy.refusal(cost, authenticated)
        if self._observer is not None:
            self._observer.cost_estimated(cost, refusal is not None, authenticated)
        return cost, refusal

    def refuses(
        self,
        operation: NormalizedOperation,
        variables: Mapping[str, Any],
        context: RequestContext,
    ) -> bool:
        """Whether :meth:`assess` would refuse the operation (nothing is recorded)."""
        if not self.enabled:
            return False
        cost = estimated_cost(self._model, operation, variables, self._policy.default_list_size)
        return self._policy.refusal(cost, context.identity is not None) is not None

    def admitted(self, cost: int) -> AbstractAsyncContextManager[None]:
        """Wait for room in the cost-weighted admission gate (see ``router.demand``)."""
        return self._gate.admitted(cost)

    def measure(
        self,
        operation: NormalizedOperation,
        variables: Mapping[str, Any],
        data: Mapping[str, Any] | None,
    ) -> None:
        """Record the actual cost of the answered data."""
        if self.enabled and self._observer is not None:
            self._observer.cost_measured(actual_cost(self._model, operation, variables, data))
