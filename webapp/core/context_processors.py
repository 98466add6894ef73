"""Template context every page gets: the viewer and partial-data notices."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from webapp.core.backend import partial_notices


def fedcal(request: HttpRequest) -> dict[str, Any]:
    return {
        "viewer": getattr(request, "viewer", None),
        "partial_notices": lambda: partial_notices(request),
    }
