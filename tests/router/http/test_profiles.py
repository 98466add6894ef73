"""Settings profiles: explain header and GraphiQL on in development, off in production;
per-subgraph URL and timeout overrides from the environment."""

from __future__ import annotations

import hashlib
from pathlib import Path

import httpx

from tests.router.http.helpers import GRAPHQL_RESPONSE, error_codes, post

EXPLAIN = {"x-query-plan": "true"}


def test_explain_header_adds_query_plan_in_development(dev_router: str) -> None:
    explained = post(dev_router, {"query": "{ hello }"}, headers=EXPLAIN).json()
    assert explained["data"] == {"hello": "world"}
    assert explained["extensions"]["queryPlan"]
    plain = post(dev_router, {"query": "{ hello }"}).json()
    assert "queryPlan" not in plain.get("extensions", {})


def test_explain_header_is_ignored_in_production(prod_router: str) -> None:
    body = post(prod_router, {"query": "{ hello }"}, headers=EXPLAIN).json()
    assert body["data"] == {"hello": "world"}
    assert "queryPlan" not in body.get("extensions", {})


def test_graphiql_is_off_in_production(prod_router: str) -> None:
    response = httpx.get(f"{prod_router}/graphql", headers={"accept": "text/html"})
    assert response.status_code == 406
    assert httpx.get(f"{prod_router}/static/graphiql/graphiql.min.js").status_code == 404


def test_subgraph_timeout_override_yields_subgraph_unavailable(prod_router: str) -> None:
    response = post(prod_router, {"query": "{ slow(milliseconds: 3000) }"}, accept=GRAPHQL_RESPONSE)
    body = response.json()
    assert response.status_code == 200
    assert body["data"] is None or body["data"].get("slow") is None
    assert "SUBGRAPH_UNAVAILABLE" in error_codes(response)


def test_ready_reports_subgraphs(dev_router: str, orphan_router: str) -> None:
    ready = httpx.get(f"{dev_router}/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "subgraphs": {"users": "ok"}}
    orphan = httpx.get(f"{orphan_router}/ready")
    assert orphan.status_code == 503
    assert orphan.json()["subgraphs"]["users"].startswith("unreachable")


def test_unreachable_subgraph_is_subgraph_unavailable(orphan_router: str) -> None:
    response = post(orphan_router, {"query": "{ hello }"})
    assert response.status_code == 200
    assert "SUBGRAPH_UNAVAILABLE" in error_codes(response)
    assert "Traceback" not in response.text


def test_health_names_the_supergraph_it_serves(dev_router: str, supergraph_path: Path) -> None:
    response = httpx.get(f"{dev_router}/health")
    assert response.status_code == 200
    digest = hashlib.sha256(supergraph_path.read_bytes()).hexdigest()
    assert response.json() == {"status": "ok", "supergraph": digest}
