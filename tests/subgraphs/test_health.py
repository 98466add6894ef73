"""``/health``: 200 when the database answers, 503 (and still serving) when it does not."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.processes import free_port
from tests.support.subgraphs import RunningSubgraph, error_code, start_subgraph


@pytest.mark.parametrize("name", ["users", "events"])
def test_health_is_ok_with_a_database(
    name: str, users_subgraph: RunningSubgraph, events_subgraph: RunningSubgraph
) -> None:
    subgraph = users_subgraph if name == "users" else events_subgraph
    response = httpx.get(f"{subgraph.url}/health")

    assert response.status_code == 200
    assert response.json() == {
        "service": name,
        "status": "ok",
        "database": "ok",
        "indexes": "ready",
    }


@pytest.fixture
def events_without_database(
    tmp_path: Path, users_subgraph: RunningSubgraph
) -> Iterator[RunningSubgraph]:
    nowhere = f"mongodb://127.0.0.1:{free_port()}/?directConnection=true"
    env = {"JWKS_URL": users_subgraph.jwks_url, "EVENTS_MONGODB_TIMEOUT_MS": "300"}
    running = start_subgraph("events", nowhere, env, data_dir=tmp_path, wait=False)
    yield running
    running.stop()


def first_answer(url: str, timeout: float = 120.0) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.get(url, timeout=5.0)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_health_is_503_when_the_database_is_down(events_without_database: RunningSubgraph) -> None:
    response = first_answer(f"{events_without_database.url}/health")

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert response.json()["indexes"] == "pending"
    body = events_without_database.client().execute("{ publicEvents { edges { cursor } } }")
    # The database being down is an outage of this service, not a bug: a stable code.
    assert error_code(body) == "SUBGRAPH_UNAVAILABLE"
    assert "Traceback" not in str(body)
