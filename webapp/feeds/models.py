# mypy: disallow-subclassing-any=False
"""The web app's own record of a user's feed: URL secret, feed key, last snapshot."""

from __future__ import annotations

from django.db import models


class Feed(models.Model):
    user_id = models.CharField(max_length=64, primary_key=True)
    secret = models.CharField(max_length=64, unique=True)
    feed_key = models.TextField(blank=True, default="")  # "": turned off (revoked)
    snapshot = models.TextField(blank=True, default="")
    snapshot_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"feed of {self.user_id}"
