"""Create, rotate and turn off feeds."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.utils import timezone

from webapp.feeds.models import Feed


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def feed_of(user_id: str) -> Feed | None:
    feed: Feed | None = Feed.objects.filter(user_id=user_id).first()
    return feed


def create_or_rotate(user_id: str, feed_key: str) -> Feed:
    """Give the user a feed with a fresh secret and key (the old URL stops working)."""
    feed: Feed
    feed, _ = Feed.objects.update_or_create(
        user_id=user_id,
        defaults={
            "secret": new_secret(),
            "feed_key": feed_key,
            "snapshot": "",
            "snapshot_at": None,
            "rotated_at": timezone.now(),
        },
    )
    return feed


def save_snapshot(feed: Feed, ics: str, now: datetime) -> datetime:
    """Keep ``ics`` as the feed's snapshot; when it last changed (``Last-Modified``)."""
    last: datetime | None = feed.snapshot_at
    if ics == feed.snapshot and last is not None:
        return last
    Feed.objects.filter(pk=feed.pk, secret=feed.secret).update(snapshot=ics, snapshot_at=now)
    return now


def turn_off(feed: Feed) -> None:
    """The key was revoked (logout everywhere, account removed): serve nothing any more."""
    Feed.objects.filter(pk=feed.pk, secret=feed.secret).update(
        feed_key="", snapshot="", snapshot_at=None
    )
