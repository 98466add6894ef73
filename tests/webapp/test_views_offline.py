"""Pages without a router: friendly unavailable page, login redirects, feed fallbacks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from webapp.feeds.models import Feed

pytestmark = pytest.mark.usefixtures("django_db")


def test_anonymous_visitor_is_sent_to_login() -> None:
    response = Client().get("/week/?date=2026-01-01")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_router_down_gives_a_friendly_page_not_an_error_page() -> None:
    client = Client(enforce_csrf_checks=False)
    response = client.post("/accounts/login/", {"username": "ada", "password": "whatever1"})
    assert response.status_code == 503
    text = response.content.decode()
    assert "The calendar service is unavailable" in text
    assert "Traceback" not in text


def test_login_form_errors_stay_next_to_fields_without_calling_the_router() -> None:
    response = Client().post("/accounts/login/", {"username": "", "password": ""})
    assert response.status_code == 400
    text = response.content.decode()
    assert 'id="id_username_error"' in text


def test_security_headers_and_csrf_field() -> None:
    response = Client().get("/accounts/register/")
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_unknown_feed_is_404() -> None:
    assert Client().get("/feeds/not-a-secret.ics").status_code == 404


def test_turned_off_feed_is_410() -> None:
    Feed.objects.create(user_id="u-off", secret="s-off", snapshot="BEGIN:VCALENDAR\r\n")
    assert Client().get("/feeds/s-off.ics").status_code == 410


def test_feed_without_snapshot_and_router_down_answers_503() -> None:
    Feed.objects.create(user_id="u-503", secret="s-503", feed_key="k")
    response = Client().get("/feeds/s-503.ics")
    assert response.status_code == 503
    assert response["Retry-After"] == "3600"


def test_feed_with_router_down_falls_back_to_snapshot() -> None:
    Feed.objects.create(
        user_id="u-down",
        secret="s-down",
        feed_key="k",
        snapshot="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        snapshot_at=timezone.now() - timedelta(hours=2),
    )
    response = Client().get("/feeds/s-down.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["X-Feed-Freshness"] == "stale"
