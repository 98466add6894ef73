"""Keep the feed's router token fresh whenever its user logs in."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from webapp.core.session import Viewer
from webapp.feeds.store import remember_token


def refresh_feed_token(
    sender: Any, viewer: Viewer, token: str, expires_at: datetime | None, **kwargs: Any
) -> None:
    remember_token(viewer.id, token, expires_at)
