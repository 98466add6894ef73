"""Follow one router subscription over GraphQL over SSE (distinct-connections mode)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from webapp.core.router_client import RouterUnavailable, TokenRefused

EVENT_STREAM = "text/event-stream"


class StreamEnded(Exception):
    """The router ended the subscription with errors (``code``: the first one's)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class SubscriptionRequest:
    document: str
    variables: Mapping[str, Any]
    headers: Mapping[str, str]


async def subscription_events(
    http: httpx.AsyncClient,
    url: str,
    request: SubscriptionRequest,
    *,
    send_document_ids: bool,
    on_open: Callable[[], Awaitable[None]] | None = None,
) -> AsyncIterator[dict[str, Any]]:
    """The ``data`` of each ``next`` event; returns at ``complete``. ``on_open`` runs once
    the router answered with an event stream (the subscription is in place).

    Raises :class:`TokenRefused` (401), :class:`RouterUnavailable` (no event stream) or
    :class:`StreamEnded` (a result with errors: token expired, cursor expired…).
    """
    body: dict[str, Any] = {"variables": dict(request.variables)}
    if send_document_ids:
        body["documentId"] = hashlib.sha256(request.document.encode("utf-8")).hexdigest()
    else:
        body["query"] = request.document
    headers = {**request.headers, "accept": EVENT_STREAM}
    try:
        async with http.stream("POST", url, json=body, headers=headers) as response:
            if response.status_code == 401:
                raise TokenRefused("The router refused the token.")
            if response.status_code != 200 or EVENT_STREAM not in response.headers.get(
                "content-type", ""
            ):
                await response.aread()
                raise RouterUnavailable(f"The router answered {response.status_code}.")
            if on_open is not None:
                await on_open()
            async for kind, data in _events(response.aiter_lines()):
                if kind == "complete":
                    return
                if kind != "next":
                    continue
                result = json.loads(data)
                errors = result.get("errors") or []
                if errors:
                    first = errors[0]
                    code = str((first.get("extensions") or {}).get("code") or "INTERNAL")
                    raise StreamEnded(code, str(first.get("message") or "stream ended"))
                if isinstance(result.get("data"), dict):
                    yield result["data"]
    except httpx.HTTPError as error:
        raise RouterUnavailable(f"The router stream failed: {error}") from error


async def _events(lines: AsyncIterator[str]) -> AsyncIterator[tuple[str, str]]:
    """``(event, data)`` of each server-sent event (comments and ids skipped)."""
    kind, data = "message", list[str]()
    async for line in lines:
        if not line:
            if data:
                yield kind, "\n".join(data)
            elif kind == "complete":
                yield kind, ""
            kind, data = "message", []
        elif line.startswith(":"):
            continue
        else:
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "event":
                kind = value
            elif name == "data":
                data.append(value)
