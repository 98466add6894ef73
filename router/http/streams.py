"""Streamed response bodies: one payload after another, as ``multipart/mixed`` parts or as
``text/event-stream`` events (GraphQL over SSE, distinct-connections mode). A ``None`` payload
is a keep-alive: an SSE comment line (nothing in a multipart body)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from enum import Enum
from typing import Any

import orjson

from router.http.errors import INTERNAL_ERROR_BODY

logger = logging.getLogger("router.http")

type Payloads = AsyncIterator[dict[str, Any] | None]

# Each part ends with the next delimiter, so a client can read a part as soon as it is sent
# (it need not wait for the next part to learn where this one ends); the last adds "--".
_DELIMITER = b"\r\n---"
_PART_HEAD = b"\r\nContent-Type: application/json; charset=utf-8\r\n\r\n"
_PART_END = b"--\r\n"
_EVENT_HEAD = b"event: next\ndata: "
_EVENT_COMPLETE = b"event: complete\ndata:\n\n"
_KEEPALIVE = b":\n\n"


class StreamFormat(Enum):
    MULTIPART = b'multipart/mixed; boundary="-"'
    EVENT_STREAM = b"text/event-stream; charset=utf-8"

    @property
    def content_type(self) -> bytes:
        return self.value

    def body(self, payloads: Payloads) -> AsyncIterator[bytes]:
        if self is StreamFormat.MULTIPART:
            return _framed(payloads, _DELIMITER, _PART_HEAD, _DELIMITER, _PART_END, b"")
        return _framed(payloads, b"", _EVENT_HEAD, b"\n\n", _EVENT_COMPLETE, _KEEPALIVE)


async def _framed(
    payloads: Payloads, start: bytes, head: bytes, tail: bytes, end: bytes, keepalive: bytes
) -> AsyncIterator[bytes]:
    """The start, each payload framed (``None``: a keep-alive), then the end; a failure
    mid-stream ends the stream with an error payload. Closing the body closes ``payloads``."""
    before = start
    try:
        async for payload in payloads:
            if payload is None:
                if keepalive:
                    yield keepalive
                continue
            yield before + head + orjson.dumps(payload) + tail
            before = b""
    except Exception:
        logger.exception("streamed delivery failed")
        yield before + head + orjson.dumps({**INTERNAL_ERROR_BODY, "hasNext": False}) + tail
        before = b""
    finally:
        close = getattr(payloads, "aclose", None)
        if close is not None:
            await close()
    yield before + end


async def single(result: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
    """One complete result as a stream of one payload."""
    yield result
