"""``multipart/mixed`` bodies: one JSON part per payload of an incremental response."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import orjson

from router.http.errors import INTERNAL_ERROR_BODY

logger = logging.getLogger("router.http")

CONTENT_TYPE = b'multipart/mixed; boundary="-"'
_PART_HEAD = b"\r\n---\r\nContent-Type: application/json; charset=utf-8\r\n\r\n"
_END = b"\r\n-----\r\n"


async def multipart_body(payloads: AsyncIterator[dict[str, Any]]) -> AsyncIterator[bytes]:
    """The parts, then the closing delimiter; a failure mid-stream ends it with an error part."""
    try:
        async for payload in payloads:
            yield _PART_HEAD + orjson.dumps(payload)
    except Exception:
        logger.exception("incremental delivery failed")
        yield _PART_HEAD + orjson.dumps({**INTERNAL_ERROR_BODY, "hasNext": False})
    yield _END
