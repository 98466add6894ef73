"""Request ids and access logs for the web app (the same log format as the router's).

Each request gets an id (the client's ``X-Request-ID`` when well-formed, else a new one),
echoed in the response and sent to the router with every GraphQL call
(``webapp.core.router_client``), so one id follows a page view through every service.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Final

from django.http import HttpRequest, HttpResponse

from plumbing.access import RequestRecord
from plumbing.request_id import accept_request_id, current_request_id

access_logger = logging.getLogger("webapp.access")

_PROBE_PATHS: Final = frozenset(("/health", "/ready"))  # logged at debug level only


class RequestObservabilityMiddleware:
    """Adopt or create the request id, log one line per request, echo ``X-Request-ID``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = accept_request_id(request.headers.get("X-Request-ID"))
        token = current_request_id.set(request_id)
        record = RequestRecord(request.method or "GET", request.path, request_id)
        try:
            response = self.get_response(request)
            record.status = response.status_code
        except BaseException:
            record.status = 500
            raise
        finally:
            level = logging.DEBUG if record.path in _PROBE_PATHS else logging.INFO
            record.log(access_logger, record.elapsed(), level)
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response
