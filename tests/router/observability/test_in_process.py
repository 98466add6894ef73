"""The observability building blocks in-process: log lines, switches, span linkage."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from plumbing.access import RequestRecord
from plumbing.logs import log_format, logging_config
from plumbing.request_id import accept_request_id, current_request_id
from plumbing.spans import Tracing
from plumbing.tracing import start_tracing, tracing_requested
from router.http.app import RouterApp
from router.observability.metrics import MAX_SERIES, OVERFLOW, Registry
from router.settings import RouterSettings
from tests.router.observability.metrics_text import parse, value


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """The root logger writing JSON lines into a buffer (restored afterwards)."""
    stream = io.StringIO()
    config = logging_config("unit", log_format="json")
    config["handlers"]["stderr"]["stream"] = stream
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    logging.config.dictConfig(config)
    yield stream
    root.handlers, root.level = saved[0], saved[1]


def test_json_lines_carry_the_request_id_and_fields(captured: io.StringIO) -> None:
    token = current_request_id.set("req-42")
    try:
        RequestRecord("POST", "/graphql", "req-42", status=200, operation_type="query").log(
            logging.getLogger("unit.access"), 0.01234
        )
        logging.getLogger("unit").warning("something %s", "odd")
    finally:
        current_request_id.reset(token)
    access, warning = (json.loads(line) for line in captured.getvalue().splitlines())
    assert access["request_id"] == "req-42"
    assert access["service"] == "unit"
    assert access["status"] == 200
    assert access["duration_ms"] == 12.34
    assert access["operation_type"] == "query"
    assert warning["message"] == "something odd"
    assert warning["request_id"] == "req-42"
    assert warning["level"] == "warning"


def test_log_format_defaults_to_json_in_production_only() -> None:
    assert log_format(production=True, environ={}) == "json"
    assert log_format(production=False, environ={}) == "text"
    assert log_format(production=True, environ={"LOG_FORMAT": "text"}) == "text"
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        log_format(production=False, environ={"LOG_FORMAT": "xml"})


def test_request_ids_are_accepted_only_when_well_formed() -> None:
    assert accept_request_id("abc-123.x:y_z") == "abc-123.x:y_z"
    for bad in (None, "", "has space", "x" * 129, "ünï"):
        generated = accept_request_id(bad)
        assert len(generated) == 32 and generated != bad


@pytest.mark.parametrize(
    ("environ", "on"),
    [
        ({}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, True),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318/v1/traces"}, True),
        ({"OTEL_TRACES_EXPORTER": "console"}, True),
        ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c"}, False),
        ({"OTEL_SDK_DISABLED": "true", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c"}, False),
    ],
)
def test_tracing_is_off_unless_an_exporter_is_configured(environ: dict[str, str], on: bool) -> None:
    assert tracing_requested(environ) is on


def test_an_unknown_exporter_is_refused() -> None:
    assert start_tracing("unit", {}) is None
    with pytest.raises(ValueError, match="zipkin"):
        start_tracing("unit", {"OTEL_TRACES_EXPORTER": "zipkin"})


def test_client_spans_are_children_of_the_server_span_and_propagate() -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing = Tracing(provider.get_tracer("unit"))
    incoming = {"traceparent": "00-" + "ab" * 16 + "-" + "cd" * 8 + "-01"}

    server = tracing.start_server_span("POST /graphql", incoming, {"url.path": "/graphql"})
    outgoing: dict[str, str] = {}
    with tracing.client_span("fetch events", outgoing, {"fedcal.subgraph": "events"}):
        pass
    record = RequestRecord("POST", "/graphql", "r1", status=200)
    record.operation_type, record.operation_name = "query", "Q"
    server.finish_request(record)

    client_span, server_span = exporter.get_finished_spans()
    assert server_span.name == "query Q"
    assert server_span.parent is not None and server_span.parent.span_id == 0xCDCDCDCDCDCDCDCD
    assert server_span.context.trace_id == int("ab" * 16, 16)
    assert client_span.parent is not None
    assert client_span.parent.span_id == server_span.context.span_id
    trace_id, span_id = outgoing["traceparent"].split("-")[1:3]
    assert trace_id == "ab" * 16
    assert int(span_id, 16) == client_span.context.span_id


def test_counters_keep_a_bounded_number_of_series() -> None:
    registry = Registry()
    counter = registry.counter("things_total", "Things.", ("kind",))
    for index in range(MAX_SERIES + 50):
        counter.inc((f"k{index}",))
    samples = parse(registry.expose().decode())
    assert len(samples) == MAX_SERIES + 1
    assert value(samples, "things_total", kind=OVERFLOW) == 50


def test_label_values_are_escaped() -> None:
    registry = Registry()
    registry.counter("odd_total", "Odd.", ("code",)).inc(('a"b\\c\nd',))
    assert 'odd_total{code="a\\"b\\\\c\\nd"} 1' in registry.expose().decode()


async def _get(app: Any, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://router") as client:
        return await client.get(path)


async def test_metrics_can_be_switched_off() -> None:
    on = await _get(RouterApp(RouterSettings(metrics=True)), "/metrics")
    off = await _get(RouterApp(RouterSettings(metrics=False)), "/metrics")
    assert on.status_code == 200 and "router_http_requests_total" in on.text
    assert off.status_code == 404
