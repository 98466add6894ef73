"""The signed-in user, kept server-side in the Django session (token never reaches the browser)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.http import HttpRequest

SESSION_KEY = "fedcal.viewer"
TOKEN_KEY = "fedcal.token"
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


def sign_in(request: HttpRequest, token: str, expires_at: datetime | None, viewer: Viewer) -> None:
    """Start a fresh session (new key, no fixation) holding the token until it expires."""
    request.session.cycle_key()
    request.session[TOKEN_KEY] = token
    request.session[SESSION_KEY] = asdict(viewer)
    if expires_at is not None:
        request.session.set_expiry(expires_at)


def sign_out(request: HttpRequest) -> None:
    request.session.flush()


def update_viewer(request: HttpRequest, viewer: Viewer) -> None:
    request.session[SESSION_KEY] = asdict(viewer)


def current_viewer(request: HttpRequest) -> Viewer | None:
    raw = request.session.get(SESSION_KEY)
    if not isinstance(raw, dict) or not request.session.get(TOKEN_KEY):
        return None
    return Viewer(**raw)


def session_token(request: HttpRequest) -> str | None:
    token = request.session.get(TOKEN_KEY)
    return token if isinstance(token, str) and token else None


def request_viewer(request: HttpRequest) -> Viewer:
    """The viewer of a request that passed ``login_required``."""
    viewer = getattr(request, "viewer", None)
    if not isinstance(viewer, Viewer):
        raise LookupError("request has no logged-in viewer")
    return viewer
