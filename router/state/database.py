"""One ``AsyncMongoClient`` per router process: created lazily, indexes at startup, closed
at shutdown. Off (no database) when ``ROUTER_MONGODB_URI`` is unset."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

type Document = dict[str, Any]
type IndexSetup = Callable[[AsyncDatabase[Document]], Awaitable[None]]

logger = logging.getLogger("router.state")


class RouterDatabase:
    """The router's database; each collection module registers its index setup."""

    def __init__(
        self,
        uri: str,
        name: str,
        credentials: tuple[str, str] | None = None,
        *,
        timeout_ms: int = 3000,
    ) -> None:
        self._uri = uri
        self._credentials = credentials
        self._name = name
        self._timeout_ms = timeout_ms
        self._client: AsyncMongoClient[Document] | None = None
        self._index_setups: list[IndexSetup] = []

    @property
    def db(self) -> AsyncDatabase[Document]:
        if self._client is None:
            username, password = self._credentials or (None, None)
            self._client = AsyncMongoClient(
                self._uri,
                username=username,
                password=password,
                tz_aware=True,
                tzinfo=UTC,
                serverSelectionTimeoutMS=self._timeout_ms,
                connectTimeoutMS=self._timeout_ms,
            )
        return self._client[self._name]

    def on_start(self, setup: IndexSetup) -> None:
        self._index_setups.append(setup)

    async def ensure(self, *setups: IndexSetup) -> None:
        """Run these index setups now; raises while the database is down (callers retry)."""
        for setup in setups:
            await setup(self.db)

    async def start(self) -> None:
        """Create every registered index (a database that is down is logged, not fatal)."""
        for setup in self._index_setups:
            try:
                await setup(self.db)
            except PyMongoError as error:
                logger.warning("router database: index setup failed (%s)", error)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None
