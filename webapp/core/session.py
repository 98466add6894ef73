"""The signed-in user, kept server-side in the Django session; its tokens are in a
:class:`webapp.core.models.Credential` row the session names (they never reach the browser)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from webapp.core import credentials

SESSION_KEY = "fedcal.viewer"
CREDENTIAL_KEY = "fedcal.credential"
DEFAULT_TIME_ZONE = "UTC"


@dataclass(frozen=True)
class Viewer:
    """Who is logged in, as the users subgraph described them at login."""

    id: str
    username: str
    display_name: str
    time_zone: str = DEFAULT_TIME_ZONE

    @property
    def label(self) -> str:
        return self.display_name or self.username

    @classmethod
    def from_user(cls, user: dict[str, Any]) -> Viewer:
        return cls(
            id=str(user["id"]),
            username=str(user.get("username") or ""),
            display_name=str(user.get("displayName") or ""),
            time_zone=str(user.get("timeZone") or DEFAULT_TIME_ZONE),
        )


@dataclass(frozen=True)
class LoginTokens:
    token: str
    expires_at: datetime
    refresh_token: str


def sign_in(request: HttpRequest, tokens: LoginTokens, viewer: Viewer) -> None:
    """Start a fresh session (new key, no fixation) for ``SESSION_COOKIE_AGE``; the access
    token is renewed with the refresh token meanwhile."""
    request.session.cycle_key()
    ends_at = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    credential = credentials.create(
        viewer.id, tokens.token, tokens.expires_at, tokens.refresh_token, ends_at
    )
    request.session[CREDENTIAL_KEY] = credential.pk
    request.session[SESSION_KEY] = asdict(viewer)


def sign_out(request: HttpRequest) -> None:
    """Forget the session and its tokens here (``logout`` revokes them at the router)."""
    credential_id = session_credential(request)
    if credential_id is not None:
        credentials.forget(credential_id)
    request.session.flush()


def update_viewer(request: HttpRequest, viewer: Viewer) -> None:
    request.session[SESSION_KEY] = asdict(viewer)


def current_viewer(request: HttpRequest) -> Viewer | None:
    raw = request.session.get(SESSION_KEY)
    if not isinstance(raw, dict) or session_credential(request) is None:
        return None
    return Viewer(**raw)


def session_credential(request: HttpRequest) -> str | None:
    """The id of the session's :class:`Credential`; None when nobody is signed in."""
    credential_id = request.session.get(CREDENTIAL_KEY)
    return credential_id if isinstance(credential_id, str) and credential_id else None


def request_viewer(request: HttpRequest) -> Viewer:
    """The viewer of a request that passed ``login_required``."""
    viewer = getattr(request, "viewer", None)
    if not isinstance(viewer, Viewer):
        raise LookupError("request has no logged-in viewer")
    return viewer
