"""Readiness: router, every subgraph and the web app say whether they can serve."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.router.observability.conftest import Observed
from tests.support.processes import free_port
from tests.support.subgraphs import start_subgraph
from tests.webapp.stack import SUBGRAPHS


def test_the_router_is_ready_when_every_subgraph_answers(observed: Observed) -> None:
    response = httpx.get(f"{observed.router_base}/ready", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "subgraphs": dict.fromkeys(SUBGRAPHS, "ok")}


def test_the_router_is_not_ready_without_a_subgraph(observed: Observed) -> None:
    base = observed.broken_router_url.removesuffix("/graphql")
    response = httpx.get(f"{base}/ready", timeout=10)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["subgraphs"]["calendars"].startswith("unreachable")
    assert body["subgraphs"]["events"] == "ok"


@pytest.mark.parametrize("name", SUBGRAPHS)
def test_every_subgraph_is_ready(observed: Observed, name: str) -> None:
    response = httpx.get(f"{observed.stack.subgraphs[name].url}/ready", timeout=10)
    assert response.status_code == 200
    assert response.json() == {
        "service": name,
        "status": "ok",
        "database": "ok",
        "indexes": "ready",
    }


def test_a_subgraph_without_its_database_is_not_ready(observed: Observed) -> None:
    dead_database = f"mongodb://127.0.0.1:{free_port()}/?directConnection=true"
    running = start_subgraph(
        "calendars",
        dead_database,
        {"CALENDARS_MONGODB_TIMEOUT_MS": "300"},
        data_dir=observed.stack.data_dir,
        wait=False,
    )
    try:
        response = _first_answer(f"{running.url}/ready")
        assert response.status_code == 503
        assert response.json()["database"] == "unreachable"
    finally:
        running.stop()


def test_the_web_app_is_ready_when_the_router_answers(observed: Observed) -> None:
    response = httpx.get(f"{observed.stack.webapp_url}/ready", timeout=30)
    assert response.status_code == 200
    assert response.json() == {
        "service": "webapp",
        "status": "ready",
        "router": "ok",
        "database": "ok",
    }


def _first_answer(url: str, timeout: float = 60.0) -> httpx.Response:
    """The first HTTP answer of a process that is still starting."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
