"""Where a supergraph comes from: a file (checked by modification time and size) or a URL
(polled with ``If-None-Match``). ``changed()`` returns the new text, or ``None``."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path
from typing import Protocol

import aiohttp


def supergraph_hash(sdl: str) -> str:
    """The hex SHA-256 of a supergraph's text (``/health`` reports it)."""
    return hashlib.sha256(sdl.encode("utf-8")).hexdigest()


class SupergraphSource(Protocol):
    async def changed(self) -> str | None:
        """The supergraph's text when it may have changed since the last call, else ``None``."""
        ...

    async def close(self) -> None: ...


class FileSource:
    """A supergraph file; a new modification time or size means "read it again"."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._seen = self._stamp()

    def _stamp(self) -> tuple[int, int] | None:
        try:
            stat = self._path.stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size

    async def changed(self) -> str | None:
        stamp = self._stamp()
        if stamp is None or stamp == self._seen:
            return None
        self._seen = stamp
        try:
            return await asyncio.to_thread(self._path.read_text, encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    async def close(self) -> None:
        return None


class UrlSource:
    """A supergraph served over HTTP; a 304 (same ETag) or an error means "no change"."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        self._url = url
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._etag: str | None = None
        self._session: aiohttp.ClientSession | None = None

    async def changed(self) -> str | None:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        headers = {"if-none-match": self._etag} if self._etag else {}
        try:
            async with self._session.get(self._url, headers=headers) as response:
                if response.status != 200:
                    return None
                self._etag = response.headers.get("etag")
                return await response.text(encoding="utf-8")
        except (aiohttp.ClientError, TimeoutError, UnicodeDecodeError):
            return None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
