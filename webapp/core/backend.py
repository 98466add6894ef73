"""The process-wide router client and its per-request binding (token + partial-data notices)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from webapp.core.router_client import GraphQLResult, RouterClient
from webapp.core.session import session_token

NOTICES_ATTR = "partial_notices"


@cache
def router_client() -> RouterClient:
    """One pooled client per process, configured by ``ROUTER_URL`` / ``ROUTER_TIMEOUT``."""
    return RouterClient(url=settings.ROUTER_URL, timeout=settings.ROUTER_TIMEOUT)


def run(
    request: HttpRequest, document: str, variables: Mapping[str, Any] | None = None
) -> GraphQLResult:
    """Run an operation as the session's user; remember what a partial answer lacked."""
    result = router_client().execute(
        document,
        variables,
        token=session_token(request),
        client_address=request.META.get("REMOTE_ADDR"),
    )
    missing = result.missing()
    if missing:
        notices: list[str] = getattr(request, NOTICES_ATTR, [])
        notices.extend(item for item in missing if item not in notices)
        setattr(request, NOTICES_ATTR, notices)
    return result


def partial_notices(request: HttpRequest) -> list[str]:
    """What the pages' router calls could not load, in plain words."""
    notices: list[str] = getattr(request, NOTICES_ATTR, [])
    return notices
