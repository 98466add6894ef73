"""The response of a ``/graphql`` request, and those for errors raised before execution."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import orjson

from router.http.errors import error_body
from router.http.media import ResponseMedia

JSON = ResponseMedia.JSON.content_type


@dataclass(slots=True)
class Response:
    status: int
    body: bytes
    content_type: bytes
    extra_headers: tuple[tuple[bytes, bytes], ...] = ()
    errors: list[dict[str, Any]] | None = None  # the body's errors (for metrics and logs)
    has_data: bool = False
    stream: AsyncIterator[bytes] | None = None  # a streamed body (router.http.streams)


def request_errors(
    media: ResponseMedia, errors: list[dict[str, Any]], status: int = 400
) -> Response:
    """Errors raised before execution: 200 for application/json, 4xx for the new media type."""
    http_status = 200 if media is ResponseMedia.JSON else status
    return Response(
        http_status, orjson.dumps({"errors": errors}), media.content_type, errors=errors
    )


def request_error(media: ResponseMedia, message: str, code: str) -> Response:
    return request_errors(media, error_body(message, code)["errors"])
