"""How long a subscription lives: keep-alive ticks while it is silent, and its end when the
caller's token expires (its ``exp``)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import suppress
from typing import Any

from router.interfaces import Identity
from router.subscriptions.errors import token_expired

type Events = AsyncIterator[dict[str, Any]]


def expiry_of(identity: Identity | None) -> float | None:
    """The epoch second the caller's token expires, if it does."""
    exp = identity.claims.get("exp") if identity is not None else None
    return float(exp) if isinstance(exp, int | float) and not isinstance(exp, bool) else None


async def guarded(
    events: Events, keepalive: float | None, expires_at: float | None
) -> AsyncIterator[dict[str, Any] | None]:
    """The events, with ``None`` after every ``keepalive`` seconds without one; at
    ``expires_at`` the stream ends with ``SubscriptionEnded`` (``UNAUTHENTICATED``). Closing
    this iterator closes ``events`` (and so the upstream subscription)."""
    iterator = aiter(events)
    pending: asyncio.Future[dict[str, Any]] = asyncio.ensure_future(anext(iterator))
    try:
        while True:
            wait = keepalive
            if expires_at is not None:
                left = expires_at - time.time()
                if left <= 0:
                    raise token_expired()
                wait = left if wait is None else min(wait, left)
            done, _ = await asyncio.wait((pending,), timeout=wait)
            if not done:
                if expires_at is not None and time.time() >= expires_at:
                    raise token_expired()
                yield None
                continue
            try:
                event = pending.result()
            except StopAsyncIteration:
                return
            yield event
            pending = asyncio.ensure_future(anext(iterator))
    finally:
        if not pending.done():
            pending.cancel()
            with suppress(BaseException):
                await pending
        with suppress(Exception):
            await iterator.aclose()  # type: ignore[attr-defined]
