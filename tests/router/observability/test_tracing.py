"""Traces cross processes: client → router (SERVER) → fetch (CLIENT) → subgraph (SERVER)."""

from __future__ import annotations

import secrets

from tests.router.observability.collector import ReceivedSpan
from tests.router.observability.conftest import PUBLIC_EVENTS, Observed

SERVER, CLIENT = 2, 3


def _complete(trace_id: str) -> object:
    def check(spans: list[ReceivedSpan]) -> bool:
        services = {(s.service, s.kind) for s in spans if s.trace_id == trace_id}
        return {("router", SERVER), ("router", CLIENT), ("events", SERVER), ("users", SERVER)} <= (
            services
        )

    return check


def test_a_request_is_one_trace_across_router_and_subgraphs(observed: Observed) -> None:
    trace_id, caller_span = secrets.token_hex(16), secrets.token_hex(8)
    response = observed.graphql(
        PUBLIC_EVENTS,
        headers={"traceparent": f"00-{trace_id}-{caller_span}-01", "x-request-id": "traced-1"},
    )
    assert response.status_code == 200

    spans = observed.collector.wait_for(_complete(trace_id))  # type: ignore[arg-type]
    mine = [span for span in spans if span.trace_id == trace_id]
    [root] = [s for s in mine if s.service == "router" and s.kind == SERVER]
    assert root.parent_span_id == caller_span
    assert root.name == "query PublicEvents"
    assert root.attributes["graphql.operation.name"] == "PublicEvents"
    assert root.attributes["http.response.status_code"] == 200
    assert root.attributes["fedcal.request_id"] == "traced-1"

    fetches = {s.span_id: s for s in mine if s.service == "router" and s.kind == CLIENT}
    assert all(s.parent_span_id == root.span_id for s in fetches.values())
    assert {s.attributes["fedcal.subgraph"] for s in fetches.values()} >= {"events", "users"}

    for subgraph in ("events", "users"):
        served = [s for s in mine if s.service == subgraph and s.kind == SERVER]
        assert served, f"no span from {subgraph}"
        for span in served:
            parent = fetches[span.parent_span_id]  # the router's fetch span is the parent
            assert parent.attributes["fedcal.subgraph"] == subgraph
            assert span.attributes["fedcal.request_id"] == "traced-1"
            assert span.name.startswith("query")


def test_without_a_caller_trace_the_router_starts_one(observed: Observed) -> None:
    response = observed.graphql(PUBLIC_EVENTS, headers={"x-request-id": "traced-2"})
    assert response.status_code == 200

    def has_root(spans: list[ReceivedSpan]) -> bool:
        services = {s.service for s in spans if s.attributes.get("fedcal.request_id") == "traced-2"}
        return {"router", "events"} <= services

    spans = observed.collector.wait_for(has_root)
    [root] = [
        s
        for s in spans
        if s.attributes.get("fedcal.request_id") == "traced-2" and s.service == "router"
    ]
    assert root.parent_span_id == ""
    subgraph_spans = [
        s for s in spans if s.trace_id == root.trace_id and s.service in ("events", "users")
    ]
    assert subgraph_spans
