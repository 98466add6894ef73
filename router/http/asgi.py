"""Minimal ASGI plumbing: types, header decoding, bounded body reading, sending."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from router.http.errors import HttpError

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
RawHeaders = list[tuple[bytes, bytes]]


class ClientDisconnected(Exception):
    """The client went away before the request body was complete."""


def header_map(raw_headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """ASGI headers (lower-cased names) as a dict; repeated headers are comma-joined."""
    headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in raw_headers}
    if len(headers) == len(raw_headers):
        return headers
    joined: dict[str, str] = {}
    for raw_name, raw_value in raw_headers:
        name, value = raw_name.decode("latin-1"), raw_value.decode("latin-1")
        joined[name] = f"{joined[name]}, {value}" if name in joined else value
    return joined


def _too_large(limit: int) -> HttpError:
    return HttpError(413, f"The request body is larger than {limit} bytes.")


async def read_body(receive: Receive, headers: dict[str, str], limit: int, timeout: float) -> bytes:
    """Read the whole request body, refusing (413) anything over ``limit`` bytes early and
    (408, closing the connection) a body not complete within ``timeout`` seconds."""
    declared = headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    try:
        async with asyncio.timeout(timeout):
            return await _read_chunks(receive, limit)
    except TimeoutError:
        raise HttpError(
            408,
            f"The request body did not arrive within {timeout:g} seconds.",
            headers=((b"connection", b"close"),),
        ) from None


async def _read_chunks(receive: Receive, limit: int) -> bytes:
    message = await receive()
    if message["type"] == "http.disconnect":
        raise ClientDisconnected
    body: bytes = message.get("body", b"")
    if not message.get("more_body", False):
        if len(body) > limit:
            raise _too_large(limit)
        return body
    chunks = [body]
    size = len(body)
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def send_response(send: Send, status: int, headers: RawHeaders, body: bytes) -> None:
    """Send a complete response (``content-length`` is added here)."""
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def send_streaming(
    send: Send, receive: Receive, status: int, headers: RawHeaders, chunks: AsyncIterator[bytes]
) -> None:
    """Send a response whose body is produced piece by piece (no ``content-length``); when
    the client disconnects first, the body is closed (what it holds is released)."""
    await send({"type": "http.response.start", "status": status, "headers": headers})

    async def pump() -> None:
        async for chunk in chunks:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})

    sending = asyncio.ensure_future(pump())
    watching = asyncio.ensure_future(_disconnect(receive))
    try:
        await asyncio.wait((sending, watching), return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (sending, watching):
            task.cancel()
        await asyncio.gather(sending, watching, return_exceptions=True)
        close = getattr(chunks, "aclose", None)
        if close is not None:
            await close()
    failure = sending.exception() if sending.done() and not sending.cancelled() else None
    if failure is not None:
        raise failure
    await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _disconnect(receive: Receive) -> None:
    """Return once the client has gone away (the request body was read already)."""
    while (await receive())["type"] != "http.disconnect":
        pass
