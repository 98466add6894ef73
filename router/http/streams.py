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

_PART_HEAD = b"\r\n---\r\nContent-Type: application/json; charset=utf-8\r\n\r\n"
_PART_END = b"\r\n-----\r\n"
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
            return _framed(payloads, _PART_HEAD, b"", _PART_END, b"")
        return _framed(payloads, _EVENT_HEAD, b"\n\n", _EVENT_COMPLETE, _KEEPALIVE)


async def _framed(
    payloads: Payloads, head: bytes, tail: bytes, end: bytes, keepalive: bytes
) -> AsyncIterator[bytes]:
    """Each payload framed, then the end; a failure mid-stream ends it with an error payload.
    Closing the body closes ``payloads``."""
    try:
        async for payload in payloads:
            if payload is None:
                if keepalive:
                    yield keepalive
                continue
            yield head + orjson.dumps(payload) + tail
    except Exception:
        logger.exception("streamed delivery failed")
        yield head + orjson.dumps({**INTERNAL_ERROR_BODY, "hasNext": False}) + tail
    finally:
        close = getattr(payloads, "aclose", None)
        if close is not None:
            await close()
    yield end


async def single(result: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
    """One complete result as a stream of one payload."""
    yield result
