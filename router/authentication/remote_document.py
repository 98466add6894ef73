"""A JSON document of the token issuer (keys, revoked sessions), fetched over HTTP and kept.

Fetches run one at a time (waiters reuse the result) and at most once per ``min_gap``
seconds; when one fails, the last good copy stays in use.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import aiohttp

logger = logging.getLogger("router.authentication")


class RemoteDocument[T]:
    """``parse(JSON at url)``, fetched on demand; ``value`` is None until a fetch succeeds.

    ``parse`` raises one of ``invalid`` (or ``ValueError``) for a document it cannot read.
    """

    def __init__(
        self,
        url: str,
        parse: Callable[[Any], T],
        *,
        what: str,
        timeout: float = 5.0,
        invalid: tuple[type[Exception], ...] = (),
    ) -> None:
        self.url = url
        self.value: T | None = None
        self._parse = parse
        self._what = what
        self._failures: tuple[type[Exception], ...] = (
            aiohttp.ClientError,
            TimeoutError,
            ValueError,
            *invalid,
        )
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._loaded_at = 0.0  # monotonic time of the last successful fetch
        self._attempted_at: float | None = None  # ... and of the last attempt
        self._lock = asyncio.Lock()

    def age(self) -> float:
        """Seconds since the last successful fetch."""
        return time.monotonic() - self._loaded_at

    @property
    def refreshing(self) -> bool:
        return self._lock.locked()

    async def refresh(self, min_gap: float) -> None:
        """Fetch unless the last attempt is less than ``min_gap`` seconds old."""
        async with self._lock:
            now = time.monotonic()
            if self._attempted_at is not None and now - self._attempted_at < min_gap:
                return
            self._attempted_at = now
            try:
                value = self._parse(await self._fetch())
            except self._failures as error:
                logger.warning("fetching %s from %s failed: %r", self._what, self.url, error)
                return
            self.value = value
            self._loaded_at = time.monotonic()

    async def _fetch(self) -> Any:
        async with (
            aiohttp.ClientSession(timeout=self._timeout) as session,
            session.get(self.url, headers={"accept": "application/json"}) as response,
        ):
            response.raise_for_status()
            return await response.json(content_type=None)
