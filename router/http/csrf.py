"""CSRF prevention in the style of Apollo Server.

A browser sends some requests cross-site without a CORS preflight: those with no
content-type or a "simple" one (text/plain, application/x-www-form-urlencoded,
multipart/form-data), including every GET. Such requests are refused unless they carry one
of the configured preflight headers (by default ``x-apollo-operation-name``,
``apollo-require-preflight`` or ``graphql-preflight``), which a browser cannot add cross-site
without a preflight. ``POST`` with ``application/json`` is never affected; GET clients add
e.g. ``graphql-preflight: 1``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from router.http.errors import HttpError
from router.http.media import parse_content_type

_SIMPLE_CONTENT_TYPES = frozenset(
    ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "")
)


def require_preflight(headers: Mapping[str, str], preflight_headers: Sequence[str]) -> None:
    """Raise a 400 unless the request could not have been sent by a browser without preflight."""
    content_type = headers.get("content-type")
    if content_type is not None and parse_content_type(content_type)[0] not in (
        _SIMPLE_CONTENT_TYPES
    ):
        return
    for name in preflight_headers:
        if headers.get(name):
            return
    raise HttpError(
        400,
        "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). "
        "Send a 'content-type' header other than application/x-www-form-urlencoded, "
        "multipart/form-data or text/plain (e.g. application/json), or a non-empty "
        f"header among: {', '.join(preflight_headers)} (e.g. 'graphql-preflight: 1').",
    )
