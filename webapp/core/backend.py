"""The process-wide router client and its per-request binding (token + partial-data notices).

A signed-in request sends the session's access token, renewed first when it is about to
expire; a token the router refuses up front (401) is renewed once and the operation sent
again (nothing ran the first time).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from plumbing.client_address import client_address
from webapp.core import credentials
from webapp.core.models import Credential
from webapp.core.router_client import GraphQLResult, RouterClient, SessionExpired, TokenRefused
from webapp.core.session import session_credential

NOTICES_ATTR = "partial_notices"
CREDENTIAL_ATTR = "fedcal_credential"


@cache
def router_client() -> RouterClient:
    """One pooled client per process (``ROUTER_URL``, ``ROUTER_TIMEOUT``,
    ``WEBAPP_SEND_DOCUMENT_IDS``)."""
    return RouterClient(
        url=settings.ROUTER_URL,
        timeout=settings.ROUTER_TIMEOUT,
        send_document_ids=settings.ROUTER_SEND_DOCUMENT_IDS,
    )


def run(
    request: HttpRequest, document: str, variables: Mapping[str, Any] | None = None
) -> GraphQLResult:
    """Run an operation as the session's user; remember what a partial answer lacked."""
    client = router_client()
    address = browser_address(request)
    result = as_caller(
        request,
        lambda token: client.execute(document, variables, token=token, client_address=address),
    )
    note_missing(request, result)
    return result


def as_caller[T](request: HttpRequest, call: Callable[[str | None], T]) -> T:
    """``call(token)`` with the session's access token (``None`` when anonymous), renewed
    first when it is about to expire, and once more if the router refused it up front."""
    credential = _credential(request)
    if credential is None:
        return call(None)
    client = router_client()
    token = credentials.fresh_token(credential, client)
    try:
        return call(token)
    except TokenRefused:
        credential = credentials.renew(credential, client, refused=token)
        setattr(request, CREDENTIAL_ATTR, credential)
        return call(str(credential.access_token))


def note_missing(request: HttpRequest, result: GraphQLResult) -> None:
    """Remember what a partial answer lacked (the page's outage notice lists it)."""
    missing = result.missing()
    if missing:
        notices: list[str] = getattr(request, NOTICES_ATTR, [])
        notices.extend(item for item in missing if item not in notices)
        setattr(request, NOTICES_ATTR, notices)


def browser_address(request: HttpRequest) -> str | None:
    """The browser's address: the TCP peer, or what a trusted proxy (``TRUSTED_PROXIES``)
    says in ``X-Forwarded-For``; a browser's own ``X-Forwarded-For`` is ignored."""
    return client_address(
        request.META.get("REMOTE_ADDR"),
        request.META.get("HTTP_X_FORWARDED_FOR"),
        settings.TRUSTED_PROXIES,
    )


def _credential(request: HttpRequest) -> Credential | None:
    """The signed-in session's tokens (read once per request); None when anonymous."""
    cached = getattr(request, CREDENTIAL_ATTR, None)
    if isinstance(cached, Credential):
        return cached
    credential_id = session_credential(request)
    if credential_id is None:
        return None
    credential = credentials.find(credential_id)
    if credential is None:
        raise SessionExpired("The session has ended.")
    setattr(request, CREDENTIAL_ATTR, credential)
    return credential


def partial_notices(request: HttpRequest) -> list[str]:
    """What the pages' router calls could not load, in plain words."""
    notices: list[str] = getattr(request, NOTICES_ATTR, [])
    return notices
