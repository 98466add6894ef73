"""One access-log line per request, the same shape in every service."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any


@dataclass(slots=True)
class RequestRecord:
    """What is known about one HTTP request, filled in while it is handled."""

    method: str
    path: str
    request_id: str
    started: float = field(default_factory=perf_counter)
    status: int = 0
    operation_type: str | None = None
    operation_name: str | None = None
    error_codes: tuple[str, ...] = ()

    def elapsed(self) -> float:
        """Seconds since the request started."""
        return perf_counter() - self.started

    def log(self, logger: logging.Logger, seconds: float, level: int = logging.INFO) -> None:
        """Write the access line: method, path, status, duration_ms, operation, error codes."""
        if not logger.isEnabledFor(level):
            return
        fields: dict[str, Any] = {
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "duration_ms": round(seconds * 1000.0, 2),
        }
        if self.operation_type is not None:
            fields["operation_type"] = self.operation_type
        if self.operation_name is not None:
            fields["operation_name"] = self.operation_name
        if self.error_codes:
            fields["error_codes"] = list(self.error_codes)
        # makeRecord + handle: what logger.log does, without looking up the caller's frame.
        record = logger.makeRecord(
            logger.name,
            level,
            __file__,
            0,
            "%s %s %s",
            (self.method, self.path, self.status),
            None,
            extra={"fields": fields, "request_id": self.request_id},
        )
        logger.handle(record)


def error_codes(errors: object) -> tuple[str, ...]:
    """The ``extensions.code`` of each error of a GraphQL ``errors`` list (``None`` → ``()``)."""
    if not isinstance(errors, list) or not errors:
        return ()
    codes: list[str] = []
    for error in errors:
        extensions = error.get("extensions") if isinstance(error, dict) else None
        code = extensions.get("code") if isinstance(extensions, dict) else None
        codes.append(code if isinstance(code, str) else "UNKNOWN")
    return tuple(codes)
