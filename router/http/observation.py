"""Per ``/graphql`` request: the in-flight gauge, the counters, the access line and the span."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from plumbing.access import RequestRecord, error_codes
from router.http.responses import Response
from router.observability.router_metrics import RouterMetrics

if TYPE_CHECKING:
    from plumbing.spans import ServerSpan, Tracing

access_logger = logging.getLogger("router.access")


class RequestObserver:
    """``start`` when a request arrives, ``finish`` once it is answered (or abandoned)."""

    def __init__(
        self, metrics: RouterMetrics | None, access_log: bool, tracing: Tracing | None
    ) -> None:
        self._metrics = metrics
        self._access_log = access_log
        self._tracing = tracing

    def start(self, record: RequestRecord, headers: Mapping[str, str]) -> ServerSpan | None:
        """Its SERVER span when tracing is on; the request is counted in flight."""
        span = None if self._tracing is None else self._start_span(record, headers)
        if self._metrics is not None:
            self._metrics.in_flight.value += 1
        return span

    def finish(
        self, record: RequestRecord, response: Response | None, span: ServerSpan | None
    ) -> None:
        """Count, log and end the span of a finished request (499: the client went away)."""
        metrics = self._metrics
        if metrics is not None:
            metrics.in_flight.value -= 1
        seconds = record.elapsed()
        has_data = False
        if response is None:
            record.status = 499
        else:
            record.status = response.status
            has_data = response.has_data
            if response.errors:
                record.error_codes = error_codes(response.errors)
        if metrics is not None:
            metrics.request_done(
                record.operation_type, record.status, record.error_codes, has_data, seconds
            )
        if self._access_log:
            record.log(access_logger, seconds)
        if span is not None:
            span.finish_request(record)

    def _start_span(self, record: RequestRecord, headers: Mapping[str, str]) -> ServerSpan:
        assert self._tracing is not None
        attributes = {
            "http.request.method": record.method,
            "url.path": record.path,
            "fedcal.request_id": record.request_id,
        }
        return self._tracing.start_server_span(
            f"{record.method} {record.path}", headers, attributes
        )
