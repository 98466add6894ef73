"""``/metrics`` on the router: requests, errors by code, latencies, subgraph failures."""

from __future__ import annotations

import httpx

from tests.router.observability.conftest import PUBLIC_EVENTS, Observed
from tests.router.observability.metrics_text import parse, types, value

REQUESTS = "router_http_requests_total"
ERRORS = "router_graphql_errors_total"
FETCH = "router_subgraph_fetch_duration_seconds"
FAILURES = "router_subgraph_fetch_failures_total"
SHARES = "query Shares { sharesGiven(first: 5) { edges { node { level } } } }"


def scrape(base_url: str) -> tuple[str, dict[tuple[str, frozenset[tuple[str, str]]], float]]:
    response = httpx.get(f"{base_url}/metrics", timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    return response.text, parse(response.text)


def test_metrics_are_declared_with_their_types(observed: Observed) -> None:
    text, _ = scrape(observed.router_base)
    assert types(text) == {
        REQUESTS: "counter",
        ERRORS: "counter",
        "router_http_request_duration_seconds": "histogram",
        "router_http_requests_in_flight": "gauge",
        "router_subscriptions_live": "gauge",
        FETCH: "histogram",
        FAILURES: "counter",
        "router_operation_cost": "histogram",
        "router_operation_cost_refused_total": "counter",
        "router_supergraph_loads_total": "counter",
    }
    _, samples = scrape(observed.router_base)
    assert value(samples, "router_supergraph_loads_total") == 1  # loaded once, at startup


def test_requests_and_subgraph_latencies_are_counted(observed: Observed) -> None:
    _, before = scrape(observed.router_base)
    for _ in range(3):
        assert observed.graphql(PUBLIC_EVENTS).json()["data"]["publicEvents"]["edges"]
    _, after = scrape(observed.router_base)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew(REQUESTS, operation_type="query", outcome="success") == 3
    assert grew("router_http_request_duration_seconds_count", operation_type="query") == 3
    for subgraph in ("events", "users"):
        assert grew(f"{FETCH}_count", subgraph=subgraph) >= 3
        assert grew(f"{FETCH}_sum", subgraph=subgraph) > 0
        inf = value(after, f"{FETCH}_bucket", subgraph=subgraph, le="+Inf")
        assert inf == value(after, f"{FETCH}_count", subgraph=subgraph)
    assert value(after, "router_http_requests_in_flight") == 0


def test_histogram_buckets_are_cumulative(observed: Observed) -> None:
    _, samples = scrape(observed.router_base)
    buckets = sorted(
        (float(dict(labels)["le"]), count)
        for (name, labels), count in samples.items()
        if name == f"{FETCH}_bucket" and dict(labels)["subgraph"] == "events"
    )
    assert len(buckets) == 14
    counts = [count for _, count in buckets]
    assert counts == sorted(counts)


def test_failing_requests_are_counted_by_code_and_outcome(observed: Observed) -> None:
    _, before = scrape(observed.router_base)
    invalid = observed.graphql("query Invalid { noSuchField }")
    assert invalid.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    anonymous = observed.graphql(SHARES)  # @authenticated fields without a token: both null
    refused = anonymous.json()["errors"][0]["extensions"]["code"]
    _, after = scrape(observed.router_base)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew(ERRORS, code="GRAPHQL_VALIDATION_FAILED") == 1
    assert grew(ERRORS, code=refused) == 1
    assert grew(REQUESTS, operation_type="unknown", outcome="error") == 1
    assert grew(REQUESTS, operation_type="query", outcome="partial") == 1  # nullable roots
    assert grew(REQUESTS, operation_type="query", outcome="success") == 0


def test_an_unreachable_subgraph_counts_as_a_fetch_failure(observed: Observed) -> None:
    base = observed.broken_router_url.removesuffix("/graphql")
    _, before = scrape(base)
    response = observed.graphql(
        SHARES,
        url=observed.broken_router_url,
        headers={"authorization": f"Bearer {observed.token}"},
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "SUBGRAPH_UNAVAILABLE"
    _, after = scrape(base)
    failures = value(after, FAILURES, subgraph="calendars", reason="connection")
    assert failures - value(before, FAILURES, subgraph="calendars", reason="connection") == 1
    assert value(after, ERRORS, code="SUBGRAPH_UNAVAILABLE") >= 1
    assert value(after, f"{FETCH}_count", subgraph="calendars") >= 1


def test_health_checks_are_not_counted_as_graphql_requests(observed: Observed) -> None:
    _, before = scrape(observed.router_base)
    httpx.get(f"{observed.router_base}/health", timeout=10)
    _, after = scrape(observed.router_base)
    assert sum(v for (n, _), v in after.items() if n == REQUESTS) == sum(
        v for (n, _), v in before.items() if n == REQUESTS
    )
