"""The web app's ``LOGGING``: the services' shared setup (``LOG_FORMAT=json|text``)."""

from __future__ import annotations

from typing import Any

from plumbing.logs import log_format, logging_config
from webapp.settings.env import env_str


def webapp_logging(*, production: bool) -> dict[str, Any]:
    """Django's ``LOGGING`` (also uvicorn's ``log_config``); level from ``WEBAPP_LOG_LEVEL``."""
    return logging_config(
        "webapp",
        level=env_str("WEBAPP_LOG_LEVEL", "INFO"),
        log_format=log_format(production=production),
        quiet_loggers={"httpx": "WARNING"},
    )
