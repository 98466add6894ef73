"""The session's access token, renewed with its refresh token before (or once) it expires.

A renewal takes a lease on the credential row (a conditional UPDATE, so it works across
worker processes); a concurrent request waits for the renewed token instead of presenting
the same refresh token twice.
"""

from __future__ import annotations

import secrets
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from webapp.core.dates import parse_iso
from webapp.core.models import Credential
from webapp.core.router_client import (
    OperationFailed,
    RouterClient,
    RouterUnavailable,
    SessionExpired,
)

REFRESH = """
mutation RefreshSession($refreshToken: String!) {
  refreshSession(refreshToken: $refreshToken) { token expiresAt refreshToken }
}
"""
LEASE = timedelta(seconds=15)
WAIT_STEP_SECONDS = 0.05


def create(
    user_id: str, token: str, token_expires_at: datetime, refresh_token: str, ends_at: datetime
) -> Credential:
    """Keep a new login's tokens; stale rows of ended browser sessions are removed."""
    now = timezone.now()
    Credential.objects.filter(expires_at__lt=now).delete()
    credential: Credential = Credential.objects.create(
        id=secrets.token_urlsafe(24),
        user_id=user_id,
        access_token=token,
        access_expires_at=token_expires_at,
        refresh_token=refresh_token,
        expires_at=ends_at,
    )
    return credential


def find(credential_id: str) -> Credential | None:
    credential: Credential | None = Credential.objects.filter(pk=credential_id).first()
    return credential


def forget(credential_id: str) -> None:
    Credential.objects.filter(pk=credential_id).delete()


def fresh_token(credential: Credential, client: RouterClient) -> str:
    """The access token, renewed first when it expires within the configured margin."""
    margin = timedelta(seconds=settings.TOKEN_REFRESH_MARGIN_SECONDS)
    if credential.access_expires_at <= timezone.now() + margin:
        return str(renew(credential, client, refused=credential.access_token).access_token)
    return str(credential.access_token)


def renew(credential: Credential, client: RouterClient, *, refused: str) -> Credential:
    """Replace the access token ``refused`` (expired or rejected); SessionExpired when the
    session has ended (the refresh token is refused, or the row is gone)."""
    deadline = time.monotonic() + LEASE.total_seconds()
    while not _take_lease(credential.pk, refused):
        current = find(credential.pk)
        if current is None:
            raise SessionExpired("The session has ended.")
        if current.access_token != refused:
            return current  # another request renewed it meanwhile
        if time.monotonic() > deadline:
            raise RouterUnavailable("The session could not be renewed in time.")
        time.sleep(WAIT_STEP_SECONDS)
    try:
        tokens = client.execute(REFRESH, {"refreshToken": credential.refresh_token})
        renewed = tokens.require("refreshSession")
    except OperationFailed as failure:
        if failure.code != "UNAUTHENTICATED":
            _release(credential.pk)
            raise
        forget(credential.pk)
        raise SessionExpired(str(failure)) from None
    except BaseException:
        _release(credential.pk)
        raise
    credential.access_token = renewed["token"]
    credential.access_expires_at = parse_iso(renewed["expiresAt"]) or timezone.now()
    credential.refresh_token = renewed["refreshToken"]
    credential.lease_until = None
    credential.save(
        update_fields=["access_token", "access_expires_at", "refresh_token", "lease_until"]
    )
    return credential


def _take_lease(credential_id: str, refused: str) -> bool:
    now = timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    taken = Credential.objects.filter(free, pk=credential_id, access_token=refused)
    updated: int = taken.update(lease_until=now + LEASE)
    return updated == 1


def _release(credential_id: str) -> None:
    Credential.objects.filter(pk=credential_id).update(lease_until=None)
