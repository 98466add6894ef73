"""One logging setup for every service: JSON lines or readable text, with the request id.

``LOG_FORMAT=json|text`` picks the format (default: ``json`` in production, ``text``
otherwise). Each line carries the service name, the logger, the level, the message, the
request id of the request being handled (if any) and the record's ``fields`` (pass them with
``logger.info("...", extra={"fields": {...}})``).

``logging_config`` returns a ``logging.config.dictConfig`` dictionary, usable as uvicorn's
``log_config`` (applied in every worker process) or as Django's ``LOGGING``.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping
from typing import Any, Final, Literal

import orjson

from plumbing.request_id import current_request_id

type LogFormat = Literal["json", "text"]

LOG_FORMAT_ENV: Final = "LOG_FORMAT"
_FORMATS: Final = ("json", "text")
_UVICORN_SERVER_LOGGERS: Final = ("uvicorn", "uvicorn.error")


def log_format(production: bool, environ: Mapping[str, str] | None = None) -> LogFormat:
    """``LOG_FORMAT`` if set, else ``json`` in production and ``text`` elsewhere."""
    value = (os.environ if environ is None else environ).get(LOG_FORMAT_ENV, "").strip().lower()
    if value == "json":
        return "json"
    if value == "text":
        return "text"
    if value:
        raise ValueError(f"{LOG_FORMAT_ENV} must be one of {', '.join(_FORMATS)}, got {value!r}")
    return "json" if production else "text"


class RequestIdFilter(logging.Filter):
    """Stamp every record with the id of the request being handled (``None`` outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True


def _skip_unused_record_attributes() -> None:
    """Our formats show no thread, process or asyncio task name: let records skip computing
    them (the logging HOWTO's "Optimization" flags; a third of a record's cost)."""
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    logging.logAsyncioTasks = False  # type: ignore[attr-defined]


def _fields(record: logging.LogRecord) -> Mapping[str, Any]:
    fields = getattr(record, "fields", None)
    return fields if isinstance(fields, Mapping) else {}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, service, logger, message, request_id, fields."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self._service = service
        self._second = -1
        self._second_text = ""
        _skip_unused_record_attributes()

    def _timestamp(self, record: logging.LogRecord) -> str:
        """``2026-11-27T21:59:15.123Z`` (UTC); the part up to the second is computed once."""
        second = int(record.created)
        if second != self._second:
            self._second = second
            self._second_text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        return f"{self._second_text}.{int(record.msecs):03d}Z"

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": self._timestamp(record),
            "level": record.levelname.lower(),
            "service": self._service,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id is not None:
            entry["request_id"] = request_id
        entry.update(_fields(record))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


class TextFormatter(logging.Formatter):
    """``time LEVEL logger [request id] message key=value…`` for people reading a terminal."""

    def __init__(self, service: str) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s%(request)s: %(message)s")
        self._service = service
        _skip_unused_record_attributes()

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", None)
        record.request = f" [{request_id}]" if request_id else ""
        line = super().format(record)
        fields = _fields(record)
        if not fields:
            return line
        pairs = " ".join(f"{key}={value}" for key, value in fields.items() if value is not None)
        head, newline, trace = line.partition("\n")  # keep a traceback below the fields
        return f"{head} {pairs}{newline}{trace}"


def logging_config(
    service: str,
    *,
    level: str = "INFO",
    log_format: LogFormat = "text",
    quiet_loggers: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A ``dictConfig`` dictionary: one stderr handler on the root logger (uvicorn's server
    logs propagate to it, its access log is off); ``quiet_loggers`` maps logger names to
    their own levels."""
    formatter = JsonFormatter if log_format == "json" else TextFormatter
    loggers: dict[str, Any] = {
        name: {"handlers": [], "propagate": True} for name in _UVICORN_SERVER_LOGGERS
    }
    # Each service writes its own access line (with the request id): uvicorn's stays silent.
    loggers["uvicorn.access"] = {"handlers": [], "propagate": False}
    for name, logger_level in (quiet_loggers or {}).items():
        loggers[name] = {"level": logger_level.upper()}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"service": {"()": formatter, "service": service}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "service",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["stderr"], "level": level.upper()},
        "loggers": loggers,
    }
