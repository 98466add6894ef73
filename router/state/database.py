"""One ``AsyncMongoClient`` for the router's database, opened at startup, closed at shutdown."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

type Document = dict[str, Any]
type IndexSetup = Callable[[AsyncDatabase[Document]], Awaitable[None]]


class RouterDatabase:
    """The client is created lazily (inside the event loop); ``start`` creates the indexes."""

    def __init__(self, uri: str, name: str, *, timeout_ms: int = 3000) -> None:
        self._uri = uri
        self._name = name
        self._timeout_ms = timeout_ms
        self._client: AsyncMongoClient[Document] | None = None

    @property
    def db(self) -> AsyncDatabase[Document]:
        if self._client is None:
            self._client = AsyncMongoClient(
                self._uri,
                tz_aware=True,
                tzinfo=UTC,
                serverSelectionTimeoutMS=self._timeout_ms,
                connectTimeoutMS=self._timeout_ms,
            )
        return self._client[self._name]

    async def start(self, *setups: IndexSetup) -> None:
        for setup in setups:
            await setup(self.db)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None
