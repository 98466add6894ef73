"""Sessions in the users subgraph's database: one per login (or feed key), revocable.

A session document holds ``userId``, ``kind`` (``login`` or ``feed``), ``createdAt``,
``lastIssuedAt`` (when its newest access token was signed), ``revokedAt`` (``None`` while
it is valid) and ``purgeAt`` (TTL cleanup). Refresh tokens and feed keys are kept only as
SHA-256 hashes in ``sessionSecrets`` (``_id`` the hash, ``sessionId``, ``kind``, ``usedAt``:
set once a refresh token has been rotated, never for a feed key; ``purgeAt``).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Literal

from bson import ObjectId
from pymongo import ASCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from subgraphs.common.ids import new_id
from subgraphs.common.mongo import Document

SESSIONS = "sessions"
SECRETS = "sessionSecrets"
KEEP_REVOKED = timedelta(days=1)  # a revoked session is kept (and listed) at least this long

type Kind = Literal["login", "feed"]


def new_secret() -> str:
    """An opaque, unguessable credential (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def ensure_session_indexes(db: AsyncDatabase[Document]) -> None:
    sessions = db[SESSIONS]
    await sessions.create_index([("userId", ASCENDING)], name="by_user")
    await sessions.create_index([("lastIssuedAt", ASCENDING)], name="recently_issued")
    await sessions.create_index([("purgeAt", ASCENDING)], expireAfterSeconds=0, name="purge")
    await db[SECRETS].create_index([("purgeAt", ASCENDING)], expireAfterSeconds=0, name="purge")


class SessionRepository:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._sessions = db[SESSIONS]
        self._secrets = db[SECRETS]

    async def create(
        self, user_id: ObjectId, kind: Kind, now: datetime, purge_at: datetime | None
    ) -> Document:
        document: Document = {
            "_id": new_id(),
            "userId": user_id,
            "kind": kind,
            "createdAt": now,
            "lastIssuedAt": now,
            "revokedAt": None,
            "purgeAt": purge_at,
        }
        await self._sessions.insert_one(document)
        return document

    async def touch(self, session_id: ObjectId, now: datetime, purge_at: datetime | None) -> bool:
        """Record a new access token for a valid session; False when it is revoked or gone."""
        changes: Document = {"lastIssuedAt": now}
        if purge_at is not None:
            changes["purgeAt"] = purge_at
        found = await self._sessions.find_one_and_update(
            {"_id": session_id, "revokedAt": None}, {"$set": changes}
        )
        return found is not None

    async def by_id(self, session_id: ObjectId) -> Document | None:
        return await self._sessions.find_one({"_id": session_id})

    async def revoke(self, query: Document, now: datetime) -> int:
        """Revoke the valid sessions matching ``query``; how many were revoked."""
        result = await self._sessions.update_many(
            {**query, "revokedAt": None},
            {"$set": {"revokedAt": now, "purgeAt": now + KEEP_REVOKED}},
        )
        return result.modified_count

    async def issued_since(self, since: datetime) -> list[Document]:
        """Sessions that signed an access token after ``since`` (theirs may still be valid)."""
        query = {"lastIssuedAt": {"$gte": since}}
        return await self._sessions.find(query, {"userId": 1, "revokedAt": 1}).to_list()

    async def add_secret(
        self, secret: str, session_id: ObjectId, kind: Kind, purge_at: datetime | None
    ) -> None:
        document = {"_id": secret_hash(secret), "sessionId": session_id, "kind": kind}
        await self._secrets.insert_one({**document, "usedAt": None, "purgeAt": purge_at})

    async def use_refresh_token(self, secret: str, now: datetime) -> tuple[Document | None, bool]:
        """Mark a refresh token used: (its record, whether it was unused until now)."""
        key = secret_hash(secret)
        fresh = await self._secrets.find_one_and_update(
            {"_id": key, "kind": "login", "usedAt": None},
            {"$set": {"usedAt": now}},
            return_document=ReturnDocument.AFTER,
        )
        if fresh is not None:
            return fresh, True
        return await self._secrets.find_one({"_id": key, "kind": "login"}), False

    async def feed_key(self, secret: str) -> Document | None:
        return await self._secrets.find_one({"_id": secret_hash(secret), "kind": "feed"})
