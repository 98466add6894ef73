"""The token issuer's public keys (a JWK Set fetched over HTTP), cached with a TTL.

An unknown ``kid`` triggers a refetch (key rotation), at most once per
``refetch_interval`` so that forged ``kid`` values cannot make the router hammer the
issuer. When a refresh fails the previous keys keep being used; with no keys at all,
fetching is retried at most once a second.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import aiohttp
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

logger = logging.getLogger("router.authentication")

RETRY_WITHOUT_KEYS_SECONDS = 1.0


class KeysUnavailable(Exception):
    """The JWK Set cannot be fetched and no earlier copy is available."""


class JwksKeys:
    """Keys from ``url``; fetched lazily, refreshed after ``ttl`` seconds."""

    def __init__(
        self, url: str, *, ttl: float, refetch_interval: float, timeout: float = 5.0
    ) -> None:
        self._url = url
        self._ttl = ttl
        self._refetch_interval = refetch_interval
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._keys: KeySet | None = None
        self._kids: frozenset[str] = frozenset()
        self._loaded_at = 0.0  # monotonic time of the last successful fetch
        self._attempted_at: float | None = None  # ... and of the last attempt
        self._lock = asyncio.Lock()

    async def current(self) -> KeySet:
        """The cached keys, refreshed when older than the TTL."""
        if self._keys is None:
            await self._refresh(min(RETRY_WITHOUT_KEYS_SECONDS, self._refetch_interval))
        elif time.monotonic() - self._loaded_at >= self._ttl:
            await self._refresh(self._refetch_interval)
        if self._keys is None:
            raise KeysUnavailable(f"cannot fetch the token keys from {self._url}")
        return self._keys

    async def for_kid(self, kid: str) -> KeySet:
        """The keys, refetched first when ``kid`` is unknown (rate-limited)."""
        keys = await self.current()
        if kid not in self._kids:
            await self._refresh(self._refetch_interval)
            keys = self._keys or keys
        return keys

    async def _refresh(self, min_gap: float) -> None:
        """Fetch unless the last attempt is less than ``min_gap`` seconds old."""
        async with self._lock:  # one fetch at a time; waiters reuse its result
            now = time.monotonic()
            if self._attempted_at is not None and now - self._attempted_at < min_gap:
                return
            self._attempted_at = now
            try:
                keys = KeySet.import_key_set(await self._fetch())
            except (aiohttp.ClientError, TimeoutError, ValueError, JoseError) as error:
                logger.warning("fetching token keys from %s failed: %r", self._url, error)
                return
            self._keys = keys
            self._kids = frozenset(key.kid for key in keys.keys if key.kid)
            self._loaded_at = time.monotonic()

    async def _fetch(self) -> Any:
        async with (
            aiohttp.ClientSession(timeout=self._timeout) as session,
            session.get(self._url, headers={"accept": "application/json"}) as response,
        ):
            response.raise_for_status()
            return await response.json(content_type=None)
