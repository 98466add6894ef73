"""An engine over the ``refs`` fixture's in-process subgraphs, recording every fetch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from router.engine import Engine
from router.interfaces import RequestContext
from tests.router.engine.local_subgraphs import InProcessTransport
from tests.router.references.fixture_subgraphs import FIXTURE, OrdersState, refs_schemas
from tests.support.supergraphs import fixture_supergraph

CONTEXT = RequestContext(headers={"authorization": "Bearer caller"}, request_id="refs-test")


@dataclass
class RecordingTransport(InProcessTransport):
    """The in-process transport, also recording the request context of every fetch."""

    contexts: list[RequestContext] = field(default_factory=list)

    async def fetch(
        self, subgraph: str, body: dict[str, Any], context: RequestContext
    ) -> dict[str, Any]:
        self.contexts.append(context)
        return await super().fetch(subgraph, body, context)

    def reference_checks(self) -> dict[str, list[dict[str, Any]]]:
        """Subgraph -> representations it was asked to resolve by reference checks."""
        return {
            service: body["variables"]["representations"]
            for service, body in self.calls
            if body.get("operationName") == "ReferenceCheck"
        }

    def services(self) -> list[str]:
        return [service for service, _ in self.calls]


@dataclass
class Refs:
    engine: Engine
    transport: RecordingTransport
    orders: OrdersState

    async def run(self, document: str, variables: dict[str, Any] | None = None) -> Any:
        return await self.engine.execute(self.engine.prepare(document, None), variables, CONTEXT)


def refs_supergraph() -> str:
    return fixture_supergraph(FIXTURE / "subgraphs").read_text()


@pytest.fixture
def refs() -> Refs:
    orders = OrdersState()
    transport = RecordingTransport(refs_schemas(orders))
    return Refs(Engine(refs_supergraph(), transport), transport, orders)
