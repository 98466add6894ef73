"""Per-request observability of a subgraph: request id, one access-log line, a trace span.

The router sends ``x-request-id`` (and, with tracing on, ``traceparent``) with every call;
the middleware adopts them, so the subgraph's log lines and spans join the router's.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Final

from fastapi.telemetry import TelemetryConfig
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

from plumbing.access import RequestRecord
from plumbing.logs import log_format, logging_config
from plumbing.request_id import (
    REQUEST_ID_HEADER,
    accept_request_id,
    current_request_id,
)
from subgraphs.common.settings import SubgraphSettings

if TYPE_CHECKING:
    from plumbing.spans import Tracing

access_logger = logging.getLogger("subgraphs.access")
current_record: ContextVar[RequestRecord | None] = ContextVar("request_record", default=None)

_PROBE_PATHS: Final = frozenset(("/health", "/ready"))  # logged at debug level only
# FastAPI's own OpenTelemetry support would add a second server span (and operation spans)
# to every request once a tracer provider is installed: it stays off.
NO_NATIVE_TELEMETRY: Final[TelemetryConfig] = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
    "auto_configure": False,
}
_QUIET_LOGGERS: Final = {"pymongo": "WARNING"}


def subgraph_logging_config(settings: SubgraphSettings) -> dict[str, Any]:
    """The shared logging setup (``LOG_FORMAT``, ``LOG_LEVEL``) for this subgraph."""
    return logging_config(
        settings.name,
        level=settings.log_level,
        log_format=log_format(production=settings.app_env == "production"),
        quiet_loggers=_QUIET_LOGGERS,
    )


class RequestObservability:
    """ASGI middleware: adopt the request id, log the request, wrap it in a SERVER span."""

    def __init__(self, app: ASGIApp, tracing: Tracing | None = None) -> None:
        self.app = app
        self._tracing = tracing

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {
            name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]
        }
        request_id = accept_request_id(headers.get(REQUEST_ID_HEADER))
        current_request_id.set(request_id)
        record = RequestRecord(scope["method"], scope["path"], request_id)
        current_record.set(record)
        span = None
        if self._tracing is not None:
            attributes = {
                "http.request.method": record.method,
                "url.path": record.path,
                "fedcal.request_id": request_id,
            }
            span = self._tracing.start_server_span(
                f"{record.method} {record.path}", headers, attributes
            )
        echoed = (REQUEST_ID_HEADER.encode(), request_id.encode())

        async def send_with_request_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                record.status = message["status"]
                message = {**message, "headers": [*message.get("headers", ()), echoed]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_request_id)
        except BaseException:
            record.status = record.status or 500
            raise
        finally:
            level = logging.DEBUG if record.path in _PROBE_PATHS else logging.INFO
            record.log(access_logger, record.elapsed(), level)
            if span is not None:
                span.finish_request(record)


class OperationRecorder(SchemaExtension):
    """Note the operation's name, type and error codes on the request's record (for the log)."""

    def on_operation(self) -> Iterator[None]:
        yield
        record = current_record.get()
        if record is None:
            return
        execution = self.execution_context
        record.operation_name = execution.operation_name
        if execution.graphql_document is not None:
            with contextlib.suppress(RuntimeError):
                record.operation_type = execution.operation_type.value
        result = execution.result
        if result is not None and result.errors:
            record.error_codes = tuple(
                str((error.extensions or {}).get("code", "UNKNOWN")) for error in result.errors
            )
