"""Span helpers around one OpenTelemetry tracer (imported only when tracing is on).

A service opens a SERVER span per request, continuing the caller's W3C ``traceparent``, and a
CLIENT span per outgoing call, whose context is injected into the call's headers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, Tracer

from plumbing.access import RequestRecord

type Attributes = Mapping[str, str | int | float | bool]


class ServerSpan:
    """The span of one incoming request, current until :meth:`finish`."""

    __slots__ = ("_span", "_token")

    def __init__(self, span: Span, token: object) -> None:
        self._span = span
        self._token = token

    def finish(
        self, name: str | None = None, attributes: Attributes | None = None, error: bool = False
    ) -> None:
        span = self._span
        if name:
            span.update_name(name)
        if attributes:
            span.set_attributes(attributes)
        if error:
            span.set_status(Status(StatusCode.ERROR))
        span.end()
        otel_context.detach(self._token)  # type: ignore[arg-type]

    def finish_request(self, record: RequestRecord) -> None:
        """Name the span after the operation (``query GetEvents``), note status and errors."""
        attributes: dict[str, str | int] = {"http.response.status_code": record.status}
        name = None
        if record.operation_type is not None:
            attributes["graphql.operation.type"] = record.operation_type
            name = record.operation_type
        if record.operation_name is not None:
            attributes["graphql.operation.name"] = record.operation_name
            name = f"{name or 'operation'} {record.operation_name}"
        if record.error_codes:
            attributes["fedcal.error_codes"] = ",".join(sorted(set(record.error_codes)))
        self.finish(name, attributes, error=record.status >= 500)


class Tracing:
    """Starts server and client spans with one tracer."""

    def __init__(self, tracer: Tracer) -> None:
        self._tracer = tracer

    def start_server_span(
        self, name: str, headers: Mapping[str, str], attributes: Attributes
    ) -> ServerSpan:
        """A SERVER span continuing the trace in ``headers`` (if any), made current."""
        parent = propagate.extract(headers)
        span = self._tracer.start_span(
            name, context=parent, kind=SpanKind.SERVER, attributes=attributes
        )
        token = otel_context.attach(trace.set_span_in_context(span, parent))
        return ServerSpan(span, token)

    @contextmanager
    def client_span(
        self, name: str, headers: dict[str, str], attributes: Attributes
    ) -> Iterator[Span]:
        """A CLIENT span for an outgoing call; its ``traceparent`` is added to ``headers``."""
        with self._tracer.start_as_current_span(
            name, kind=SpanKind.CLIENT, attributes=attributes
        ) as span:
            propagate.inject(headers)
            yield span
