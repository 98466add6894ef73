"""HTTP cache validators of the feed: ``ETag`` from the body, ``Last-Modified`` from when the
body last changed, and the conditional-request check (RFC 9110 §13)."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.http import HttpRequest
from django.utils.http import parse_http_date_safe


def etag_of(body: str) -> str:
    """A strong entity tag of the feed body."""
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


def not_modified(request: HttpRequest, etag: str, modified: datetime) -> bool:
    """Whether to answer 304: ``If-None-Match`` decides when present (any listed tag, or
    ``*``), else ``If-Modified-Since`` (the body has not changed since that second)."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since") or "")
    return since is not None and int(modified.timestamp()) <= since
