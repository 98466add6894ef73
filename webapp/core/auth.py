"""``login_required`` for views: the session must hold a router token."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from webapp.core.session import current_viewer

type View = Callable[..., HttpResponse]


def login_url(next_path: str) -> str:
    return f"{reverse('accounts:login')}?{urlencode({'next': next_path})}"


def login_required(view: View) -> View:
    """Send anonymous visitors to the login page, then back."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if current_viewer(request) is None:
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = login_url(request.get_full_path())
                return response
            return HttpResponseRedirect(login_url(request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper
