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

from webapp.calendar.loading import load_my_entries
from webapp.core.auth import login_required
from webapp.core.backend import router_client
from webapp.core.methods import get_only, post_only
from webapp.core.router_client import (
    GraphQLResult,
    RouterError,
    RouterUnavailable,
    SessionExpired,
)
from webapp.core.session import request_viewer, session_token
from webapp.feeds.ics import render_calendar
from webapp.feeds.models import Feed
from webapp.feeds.store import (
    create_or_rotate,
    feed_of,
    forget_token,
    remember_token,
    save_snapshot,
    usable_token,
)

PAST = timedelta(days=90)
FUTURE = timedelta(days=400)
ICS_TYPE = "text/calendar; charset=utf-8"


def _absolute(request: HttpRequest, path: str) -> str:
    base = settings.WEBAPP_PUBLIC_URL
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def _session_expiry(request: HttpRequest) -> Any:
    return timezone.now() + timedelta(seconds=request.session.get_expiry_age())


@login_required
@get_only
def feed_settings(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    token = session_token(request)
    if token:
        remember_token(viewer.id, token, _session_expiry(request))
    feed = feed_of(viewer.id)
    context: dict[str, Any] = {"feed": feed}
    if feed is not None:
        context["feed_url"] = _absolute(request, reverse("feeds:ics", args=[feed.secret]))
        context["live"] = usable_token(feed, timezone.now()) is not None
    return render(request, "feeds/settings.html", context)


@login_required
@post_only
def regenerate(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    had_feed = feed_of(viewer.id) is not None
    create_or_rotate(viewer.id, session_token(request) or "", _session_expiry(request))
    messages.success(
        request,
        "New feed URL created; the old one no longer works." if had_feed else "Feed created.",
    )
    return HttpResponseRedirect(reverse("feeds:settings"))


def _live_ics(request: HttpRequest, feed: Feed, token: str) -> str:
    def execute(document: str, variables: Mapping[str, Any]) -> GraphQLResult:
        return router_client().execute(document, variables, token=token)

    now = timezone.now()
    loaded = load_my_entries(execute, now - PAST, now + FUTURE)
    if not loaded.complete and feed.snapshot:
        raise RouterUnavailable("part of the calendar is missing; keep the last full snapshot")
    body = render_calendar(
        loaded.entries,
        name="Fedcal",
        event_url=lambda event_id: _absolute(request, reverse("events:detail", args=[event_id])),
        now=now,
    )
    return body.decode()


@get_only
def ics(request: HttpRequest, secret: str) -> HttpResponse:
    """The feed: live while the stored token is valid, else the last snapshot."""
    feed = Feed.objects.filter(secret=secret).first()
    if feed is None:
        raise Http404("Unknown feed.")
    now = timezone.now()
    token = usable_token(feed, now)
    freshness = "stale"
    if token is not None:
        try:
            body = _live_ics(request, feed, token)
        except SessionExpired:
            forget_token(feed)
        except RouterError:
            pass
        else:
            save_snapshot(feed, body, now)
            feed.snapshot, freshness = body, "live"
    if not feed.snapshot:
        response = HttpResponse(
            "This feed is not available yet: log in to Fedcal to refresh it.\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "3600"
        return response
    response = HttpResponse(feed.snapshot, content_type=ICS_TYPE)
    response["Content-Disposition"] = 'inline; filename="fedcal.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Feed-Freshness"] = freshness
    response["X-Robots-Tag"] = "noindex"
    return response
