"""Small helpers for htmx requests and responses."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse

CALENDAR_CHANGED = "calendar-changed"
PARTICIPANTS_CHANGED = "participants-changed"
INVITATIONS_CHANGED = "invitations-changed"


def is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request") == "true")


def trigger(response: HttpResponse, *events: str) -> HttpResponse:
    """Ask htmx to fire ``events`` on the page (listeners refresh their fragments)."""
    response["HX-Trigger"] = json.dumps(dict.fromkeys(events, True))
    return response
