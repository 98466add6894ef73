"""MongoDB client lifecycle (PyMongo's async API) for one subgraph's own database."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

type Document = dict[str, Any]
type IndexSetup = Callable[[AsyncDatabase[Document]], Awaitable[None]]

logger = logging.getLogger("subgraph.mongo")

MAX_RETRY_DELAY_SECONDS = 30.0


class Mongo:
    """Owns the client; opened at app startup, closed at shutdown."""

    def __init__(
        self,
        uri: str,
        database: str,
        *,
        timeout_ms: int = 3000,
        credentials: tuple[str, str] | None = None,
    ) -> None:
        """``credentials``: (username, password) of the database user (authSource in ``uri``)."""
        username, password = credentials or (None, None)
        self._client: AsyncMongoClient[Document] = AsyncMongoClient(
            uri,
            username=username,
            password=password,
            tz_aware=True,
            tzinfo=UTC,
            serverSelectionTimeoutMS=timeout_ms,
            connectTimeoutMS=timeout_ms,
            uuidRepresentation="standard",
        )
        self.db: AsyncDatabase[Document] = self._client[database]
        self.indexes_ready = False
        self._index_task: asyncio.Task[None] | None = None

    async def ping(self) -> bool:
        """True when the database answers."""
        try:
            await self.db.command("ping")
        except PyMongoError:
            return False
        return True

    def start_index_setup(self, setup: IndexSetup | None) -> None:
        """Create indexes in the background, retrying until the database answers.

        The process starts (and ``/health`` reports 503) even while the database is down.
        """
        if setup is None:
            self.indexes_ready = True
            return
        self._index_task = asyncio.create_task(self._create_indexes(setup))

    async def _create_indexes(self, setup: IndexSetup) -> None:
        delay = 0.5
        while True:
            try:
                await setup(self.db)
            except PyMongoError as error:
                logger.warning("indexes not created yet (%s); retrying in %.1fs", error, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_RETRY_DELAY_SECONDS)
            else:
                self.indexes_ready = True
                logger.info("indexes ready on database %s", self.db.name)
                return

    async def close(self) -> None:
        if self._index_task is not None:
            self._index_task.cancel()
        await self._client.close()
