"""The background task that polls a supergraph source and installs what changed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from router.background import BackgroundTask
from router.hot_reload.sources import SupergraphSource, supergraph_hash

logger = logging.getLogger("router.hot_reload")

type Install = Callable[[str], Awaitable[None]]


class SupergraphWatcher:
    """Every ``interval`` seconds: read ``source``; a new document (by hash) goes to ``install``.

    ``install`` raises to refuse a document (it is logged, the old supergraph keeps serving,
    and the same text is not retried until it changes again).
    """

    def __init__(
        self, source: SupergraphSource, install: Install, interval: float, current_hash: str
    ) -> None:
        self._source = source
        self._install = install
        self._interval = interval
        self._current = current_hash
        self._task = BackgroundTask("supergraph-watcher", self._run)

    def start(self) -> None:
        self._task.start()

    async def stop(self) -> None:
        await self._task.stop()
        await self._source.close()

    async def check_once(self) -> bool:
        """Read the source once; whether a new supergraph was installed."""
        sdl = await self._source.changed()
        if sdl is None:
            return False
        digest = supergraph_hash(sdl)
        if digest == self._current:
            return False
        self._current = digest
        try:
            await self._install(sdl)
        except Exception as error:  # any invalid document: keep serving the old one
            logger.error("supergraph %s refused, keeping the current one: %s", digest[:12], error)
            return False
        logger.info("supergraph %s installed", digest[:12])
        return True

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                await self.check_once()
            except Exception:
                logger.exception("supergraph watcher failed; it keeps polling")
