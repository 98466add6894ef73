"""Health check of the web app itself (the router's state is reported, not required)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from webapp.core.backend import router_client
from webapp.core.methods import get_only
from webapp.core.router_client import RouterUnavailable

HEALTH_QUERY = "query Health { __typename }"


@get_only
def health(request: HttpRequest) -> JsonResponse:
    try:
        router_client().execute(HEALTH_QUERY)
        router = "ok"
    except RouterUnavailable:
        router = "unreachable"
    return JsonResponse({"service": "webapp", "status": "ok", "router": router})
