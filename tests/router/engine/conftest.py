"""Shared fixtures: composed supergraphs and engines over in-process subgraphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from router.engine import Engine, RequestContext
from tests.router.engine.bench_subgraphs import FIXTURE, bench_schemas
from tests.router.engine.local_subgraphs import InProcessTransport
from tests.support.supergraphs import fixture_supergraph

FIXTURES = Path(__file__).parent / "fixtures"
CONTEXT = RequestContext(headers={}, request_id="test")


def supergraph_sdl(name: str) -> str:
    """The supergraph of fixture `name`, composed from its subgraphs."""
    return fixture_supergraph(FIXTURES / name / "subgraphs").read_text()


@pytest.fixture
def bench_transport() -> InProcessTransport:
    return InProcessTransport(bench_schemas())


@pytest.fixture
def bench_engine(bench_transport: InProcessTransport) -> Engine:
    return Engine((FIXTURE / "supergraph.graphql").read_text(), bench_transport)
