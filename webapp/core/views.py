"""``/health``: the web app is up (the router's state is reported, not required).
``/ready``: it can serve pages: its database and the router answer (``503`` otherwise).
"""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse

from webapp.core.backend import router_client
from webapp.core.methods import get_only
from webapp.core.router_client import RouterUnavailable

HEALTH_QUERY = "query Health { __typename }"


def _router_state() -> str:
    try:
        router_client().execute(HEALTH_QUERY)
    except RouterUnavailable:
        return "unreachable"
    return "ok"


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "unreachable"
    return "ok"


@get_only
def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"service": "webapp", "status": "ok", "router": _router_state()})


@get_only
def ready(request: HttpRequest) -> JsonResponse:
    router, database = _router_state(), _database_state()
    ready = router == "ok" and database == "ok"
    body = {
        "service": "webapp",
        "status": "ready" if ready else "degraded",
        "router": router,
        "database": database,
    }
    return JsonResponse(body, status=200 if ready else 503)
