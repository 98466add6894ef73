"""Create, rotate and refresh feeds."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.utils import timezone

from webapp.feeds.models import Feed

TOKEN_MARGIN = timedelta(minutes=1)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def feed_of(user_id: str) -> Feed | None:
    feed: Feed | None = Feed.objects.filter(user_id=user_id).first()
    return feed


def create_or_rotate(user_id: str, token: str, expires_at: datetime | None) -> Feed:
    """Give the user a feed with a fresh secret (the old URL stops working)."""
    feed: Feed
    feed, _ = Feed.objects.update_or_create(
        user_id=user_id,
        defaults={
            "secret": new_secret(),
            "router_token": token,
            "token_expires_at": expires_at,
            "snapshot": "",
            "snapshot_at": None,
            "rotated_at": timezone.now(),
        },
    )
    return feed


def remember_token(user_id: str, token: str, expires_at: datetime | None) -> None:
    """Keep the user's newest router token for their feed, if they have one."""
    Feed.objects.filter(user_id=user_id).update(router_token=token, token_expires_at=expires_at)


def usable_token(feed: Feed, now: datetime) -> str | None:
    if not feed.router_token:
        return None
    if feed.token_expires_at is not None and feed.token_expires_at <= now + TOKEN_MARGIN:
        return None
    return str(feed.router_token)


def save_snapshot(feed: Feed, ics: str, now: datetime) -> None:
    Feed.objects.filter(pk=feed.pk, secret=feed.secret).update(snapshot=ics, snapshot_at=now)


def forget_token(feed: Feed) -> None:
    Feed.objects.filter(pk=feed.pk).update(router_token="", token_expires_at=None)
