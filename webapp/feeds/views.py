"""The feed page (URL, regenerate) and the secret ``.ics`` endpoint."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from webapp.core.auth import login_required
from webapp.core.backend import router_client, run
from webapp.core.entities import Person
from webapp.core.methods import get_only, post_only
from webapp.core.router_client import (
    GraphQLResult,
    OperationFailed,
    RouterError,
    RouterUnavailable,
)
from webapp.core.session import request_viewer
from webapp.feeds.ics import render_calendar
from webapp.feeds.loading import load_feed_entries
from webapp.feeds.models import Feed
from webapp.feeds.operations import FEED_VIEWER
from webapp.feeds.store import create_or_rotate, feed_of, save_snapshot, turn_off
from webapp.feeds.validators import etag_of, not_modified

PAST = timedelta(days=90)
FUTURE = timedelta(days=400)
ICS_TYPE = "text/calendar; charset=utf-8"
CREATE_FEED_KEY = "mutation CreateFeedKey { createFeedKey { key } }"
FEED_ACCESS = "mutation FeedAccess($key: String!) { feedAccess(key: $key) { token } }"


class FeedKeyRevoked(Exception):
    """The users subgraph no longer accepts the feed's key."""


def _absolute(request: HttpRequest, path: str) -> str:
    base = settings.WEBAPP_PUBLIC_URL
    return f"{base}{path}" if base else request.build_absolute_uri(path)


@login_required
@get_only
def feed_settings(request: HttpRequest) -> HttpResponse:
    feed = feed_of(request_viewer(request).id)
    context: dict[str, Any] = {"feed": feed}
    if feed is not None:
        context["feed_url"] = _absolute(request, reverse("feeds:ics", args=[feed.secret]))
        context["webcal_url"] = "webcal://" + context["feed_url"].split("://", 1)[-1]
        context["live"] = bool(feed.feed_key)
    return render(request, "feeds/settings.html", context)


@login_required
@post_only
def regenerate(request: HttpRequest) -> HttpResponse:
    """A new URL and a new feed key; the users subgraph revokes the previous key."""
    viewer = request_viewer(request)
    had_feed = feed_of(viewer.id) is not None
    key = run(request, CREATE_FEED_KEY).require("createFeedKey")["key"]
    create_or_rotate(viewer.id, str(key))
    messages.success(
        request,
        "New feed URL created; the old one no longer works." if had_feed else "Feed created.",
    )
    return HttpResponseRedirect(reverse("feeds:settings"))


def _feed_token(feed: Feed) -> str:
    """A short-lived, read-only token for the feed's key (raises FeedKeyRevoked)."""
    result = router_client().execute(FEED_ACCESS, {"key": feed.feed_key})
    try:
        return str(result.require("feedAccess")["token"])
    except OperationFailed as failure:
        if failure.code == "UNAUTHENTICATED":
            raise FeedKeyRevoked from None
        raise


def _live_ics(request: HttpRequest, feed: Feed) -> str:
    token = _feed_token(feed)

    def execute(document: str, variables: Mapping[str, Any]) -> GraphQLResult:
        return router_client().execute(document, variables, token=token)

    now = timezone.now()
    loaded = load_feed_entries(execute, now - PAST, now + FUTURE)
    if not loaded.complete and feed.snapshot:
        raise RouterUnavailable("part of the calendar is missing; keep the last full snapshot")
    body = render_calendar(
        loaded.entries,
        name="Fedcal",
        event_url=lambda event_id: _absolute(request, reverse("events:detail", args=[event_id])),
        now=now,
        viewer=Person.parse(execute(FEED_VIEWER, {}).get("me")),
        attendees=loaded.attendees,
    )
    return body.decode()


def _turned_off() -> HttpResponse:
    return HttpResponse(
        "This feed was turned off. Create a new one on the Fedcal feed page.\n",
        status=410,
        content_type="text/plain; charset=utf-8",
    )


@get_only
def ics(request: HttpRequest, secret: str) -> HttpResponse:
    """The feed, read live with its key; the last snapshot while the router is down."""
    feed = Feed.objects.filter(secret=secret).first()
    if feed is None:
        raise Http404("Unknown feed.")
    if not feed.feed_key:
        return _turned_off()
    now = timezone.now()
    freshness = "stale"
    try:
        body = _live_ics(request, feed)
    except FeedKeyRevoked:
        turn_off(feed)
        return _turned_off()
    except RouterError:
        pass
    else:
        feed.snapshot_at = save_snapshot(feed, body, now)
        feed.snapshot, freshness = body, "live"
    if not feed.snapshot:
        response = HttpResponse(
            "This feed is not available right now; try again later.\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "3600"
        return response
    etag = etag_of(feed.snapshot)
    modified = feed.snapshot_at or now
    if not_modified(request, etag, modified):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(feed.snapshot, content_type=ICS_TYPE)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified.timestamp())
    response["Content-Disposition"] = 'inline; filename="fedcal.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Feed-Freshness"] = freshness
    response["X-Robots-Tag"] = "noindex"
    return response
