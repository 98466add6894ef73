"""The issuer's list of revoked sessions, fetched over HTTP and cached for a few seconds.

The list is JSON ``{"revoked": ["<session id>", ...]}``: the values of the session claim
(``ROUTER_SESSION_CLAIM``) of tokens that must be refused although unexpired. It is re-read
at most every ``ttl`` seconds, so a revocation takes effect within that window. While a
refresh runs, other requests use the previous list; when a refresh fails the previous list
is kept (a revoked token then works until its own ``exp`` at worst). With no list at all,
verification is unavailable (and retried at most once a second).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import aiohttp

from router.authentication.jwks import RETRY_WITHOUT_KEYS_SECONDS, KeysUnavailable

logger = logging.getLogger("router.authentication")


class RevocationsUnavailable(KeysUnavailable):
    """The revocation list cannot be fetched and no earlier copy is available."""


class RevocationList:
    """Revoked session ids from ``url``; fetched lazily, refreshed after ``ttl`` seconds."""

    def __init__(self, url: str, *, ttl: float, timeout: float = 5.0) -> None:
        self._url = url
        self._ttl = ttl
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._revoked: frozenset[str] | None = None
        self._loaded_at = 0.0  # monotonic time of the last successful fetch
        self._attempted_at: float | None = None
        self._lock = asyncio.Lock()

    async def revoked(self) -> frozenset[str]:
        """The revoked session ids, refreshed when older than the TTL."""
        if self._revoked is None:
            await self._refresh(RETRY_WITHOUT_KEYS_SECONDS)
        elif time.monotonic() - self._loaded_at >= self._ttl and not self._lock.locked():
            await self._refresh(self._ttl)
        if self._revoked is None:
            raise RevocationsUnavailable(f"cannot fetch the revoked sessions from {self._url}")
        return self._revoked

    async def _refresh(self, min_gap: float) -> None:
        async with self._lock:
            now = time.monotonic()
            if self._attempted_at is not None and now - self._attempted_at < min_gap:
                return
            self._attempted_at = now
            try:
                revoked = _session_ids(await self._fetch())
            except (aiohttp.ClientError, TimeoutError, ValueError) as error:
                logger.warning("fetching revoked sessions from %s failed: %r", self._url, error)
                return
            self._revoked = revoked
            self._loaded_at = time.monotonic()

    async def _fetch(self) -> Any:
        async with (
            aiohttp.ClientSession(timeout=self._timeout) as session,
            session.get(self._url, headers={"accept": "application/json"}) as response,
        ):
            response.raise_for_status()
            return await response.json(content_type=None)


def _session_ids(body: Any) -> frozenset[str]:
    revoked = body.get("revoked") if isinstance(body, dict) else None
    if not isinstance(revoked, list) or not all(isinstance(item, str) for item in revoked):
        raise ValueError("the revocation list must be {'revoked': [<string>, ...]}")
    return frozenset(revoked)
