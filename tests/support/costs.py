"""Demand-control estimates without running anything: an engine whose subgraphs are never
called, and the estimated cost of a document on it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from router.demand import CostModel, estimated_cost
from router.engine import Engine
from router.interfaces import RequestContext
from router.normalize import NormalizedOperation
from router.pipeline.normalize import normalized

# Issue 13's amplification on the fedcal schema: public events -> owner -> events -> owner ->
# events, first: 100 each (123 bytes, anonymous).
AMPLIFICATION = (
    "{ publicEvents(first: 100) { nodes { owner { events(first: 100) { nodes { owner {"
    " events(first: 100) { nodes { id title } } } } } } } } }"
)


class _NoSubgraphs:
    async def fetch(self, subgraph: str, body: dict[str, Any], context: RequestContext) -> Any:
        raise AssertionError("no subgraph is called")


class OfflineCosts:
    """The engine and cost model of one supergraph."""

    def __init__(self, supergraph_sdl: str) -> None:
        self.engine = Engine(supergraph_sdl, _NoSubgraphs())
        self.model = CostModel(self.engine.supergraph.schema)

    def operation(
        self, document: str, variables: Mapping[str, Any] | None = None
    ) -> NormalizedOperation:
        parsed = self.engine.prepare(document, None)
        return normalized(self.engine.api_schema, parsed, dict(variables or {}))

    def estimate(
        self, document: str, variables: Mapping[str, Any] | None = None, list_size: int = 10
    ) -> int:
        operation = self.operation(document, variables)
        return estimated_cost(self.model, operation, dict(variables or {}), list_size)
