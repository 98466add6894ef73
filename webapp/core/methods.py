"""Typed versions of Django's HTTP-method decorators (Django ships no type hints)."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.http import HttpResponse
from django.views.decorators.http import require_http_methods

type View = Callable[..., HttpResponse]


def allow(*methods: str) -> Callable[[View], View]:
    """Answer 405 to any method but ``methods`` (HEAD comes with GET)."""
    allowed = [*methods, "HEAD"] if "GET" in methods else list(methods)
    return cast(Callable[[View], View], require_http_methods(allowed))


get_only = allow("GET")
post_only = allow("POST")
get_or_post = allow("GET", "POST")
