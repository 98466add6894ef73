"""uvicorn's httptools protocol with a deadline for a request's headers: a client that
opens a connection, or starts a request, and does not finish its headers within
``ROUTER_HEADER_READ_TIMEOUT`` seconds is disconnected (slow-header attacks hold no slot).

The body has its own deadline in ``router.http.asgi.read_body`` (408).
"""

from __future__ import annotations

import asyncio
from functools import cache

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from router.settings import RouterSettings


@cache
def _header_read_timeout() -> float:
    """Read once per worker process (uvicorn builds the protocol class by name in each)."""
    return RouterSettings().header_read_timeout


class HeaderDeadlineProtocol(HttpToolsProtocol):
    """Closes the connection when a request's headers are not complete in time."""

    _header_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._header_deadline is None:
            self._header_deadline = self.loop.call_later(_header_read_timeout(), self._expired)

    def _disarm(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _expired(self) -> None:
        self._header_deadline = None
        if not self.transport.is_closing():
            self.transport.close()
