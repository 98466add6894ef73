"""The router's Prometheus metrics (served at ``/metrics``)."""

from __future__ import annotations

from typing import Final

from router.observability.metrics import Registry

REQUEST_BUCKETS: Final = (
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
)  # fmt: skip
FETCH_BUCKETS: Final = REQUEST_BUCKETS
COST_BUCKETS: Final = (0, 10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000, 1_000_000)


def outcome(status: int, error_count: int, has_data: bool) -> str:
    """``success`` (no errors), ``partial`` (data and errors) or ``error`` (no data)."""
    if not error_count and status < 400:
        return "success"
    return "partial" if has_data and status < 400 else "error"


class RouterMetrics:
    """Requests by operation type and outcome, errors by code, latencies, in-flight requests."""

    def __init__(self) -> None:
        self.registry = registry = Registry()
        self.requests = registry.counter(
            "router_http_requests_total",
            "GraphQL requests answered, by operation type and outcome (success/partial/error).",
            ("operation_type", "outcome"),
        )
        self.errors = registry.counter(
            "router_graphql_errors_total",
            "GraphQL errors sent to clients, by extensions.code.",
            ("code",),
        )
        self.request_duration = registry.histogram(
            "router_http_request_duration_seconds",
            "Time to answer a GraphQL request, by operation type.",
            ("operation_type",),
            REQUEST_BUCKETS,
        )
        self.in_flight = registry.gauge(
            "router_http_requests_in_flight", "GraphQL requests being handled right now."
        )
        self.fetch_duration = registry.histogram(
            "router_subgraph_fetch_duration_seconds",
            "Time of one subgraph request (answered or failed), by subgraph.",
            ("subgraph",),
            FETCH_BUCKETS,
        )
        self.fetch_failures = registry.counter(
            "router_subgraph_fetch_failures_total",
            "Subgraph requests that got no GraphQL answer, by subgraph and reason "
            "(timeout, connection, bad_response).",
            ("subgraph", "reason"),
        )

        self.subscriptions_live = registry.gauge(
            "router_subscriptions_live",
            "Client subscriptions being served right now (GraphQL over SSE and graphql-ws).",
        )
        self.supergraph_loads = registry.counter(
            "router_supergraph_loads_total",
            "Supergraphs installed (at startup and by hot reload).",
        )

        self.cost = registry.histogram(
            "router_operation_cost",
            "Cost of operations (demand control): kind=estimated before execution, "
            "kind=actual from the response.",
            ("kind",),
            COST_BUCKETS,
        )
        self.cost_refused = registry.counter(
            "router_operation_cost_refused_total",
            "Operations refused because their estimated cost exceeded the caller's budget.",
            ("caller",),
        )

    def cost_estimated(self, cost: int, refused: bool, authenticated: bool) -> None:
        self.cost.observe(cost, ("estimated",))
        if refused:
            self.cost_refused.inc(("authenticated" if authenticated else "anonymous",))

    def cost_measured(self, cost: int) -> None:
        self.cost.observe(cost, ("actual",))

    def request_done(
        self,
        operation_type: str | None,
        status: int,
        codes: tuple[str, ...],
        has_data: bool,
        seconds: float,
    ) -> None:
        kind = operation_type or "unknown"
        self.requests.inc((kind, outcome(status, len(codes), has_data)))
        self.request_duration.observe(seconds, (kind,))
        errors = self.errors
        for code in codes:
            errors.inc((code,))

    def fetch_done(self, subgraph: str, seconds: float, failure: str | None = None) -> None:
        self.fetch_duration.observe(seconds, (subgraph,))
        if failure is not None:
            self.fetch_failures.inc((subgraph, failure))

    def expose(self) -> bytes:
        return self.registry.expose()
