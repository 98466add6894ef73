# mypy: disallow-subclassing-any=False
"""The tokens of a browser session, kept server-side (never in a cookie or the page)."""

from __future__ import annotations

from django.db import models


class Credential(models.Model):
    """One login: a short-lived access token and the refresh token that renews it.

    ``lease_until`` is set while one request renews the tokens, so that concurrent requests
    (in any worker process) wait for its result instead of reusing the refresh token, which
    the users subgraph would take for theft and answer by ending the session.
    """

    id = models.CharField(max_length=64, primary_key=True)
    user_id = models.CharField(max_length=64)
    access_token = models.TextField()
    access_expires_at = models.DateTimeField()
    refresh_token = models.TextField()
    expires_at = models.DateTimeField()  # the end of the browser session
    lease_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"credential of {self.user_id}"
