"""MongoDB client lifecycle (PyMongo's async API) for one subgraph's own database."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

type Document = dict[str, Any]
type IndexSetup = Callable[[AsyncDatabase[Document]], Awaitable[None]]


class Mongo:
    """Owns the client; opened at app startup, closed at shutdown."""

    def __init__(self, uri: str, database: str, *, timeout_ms: int = 3000) -> None:
        self._client: AsyncMongoClient[Document] = AsyncMongoClient(
            uri,
            tz_aware=True,
            tzinfo=UTC,
            serverSelectionTimeoutMS=timeout_ms,
            connectTimeoutMS=timeout_ms,
            uuidRepresentation="standard",
        )
        self.db: AsyncDatabase[Document] = self._client[database]

    async def ping(self) -> bool:
        """True when the database answers."""
        try:
            await self.db.command("ping")
        except PyMongoError:
            return False
        return True

    async def close(self) -> None:
        await self._client.close()
