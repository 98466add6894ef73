"""Persistence of the accounts in the users subgraph's own MongoDB database (attempt
counters: ``attempts``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bson import ObjectId
from pymongo import ASCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from subgraphs.common.connections import Listing, PageRequest, Sort, find_listing
from subgraphs.common.ids import new_id
from subgraphs.common.mongo import Document

COLLECTION = "users"
SEARCH_ORDER = Sort("usernameKey")
EMAIL_UNIQUE = "email_unique"


async def ensure_indexes(db: AsyncDatabase[Document]) -> None:
    """Unique (case-folded) username; prefix search on display names. Emails are not unique
    (``UsersService.register``): an older database's unique index on them is dropped."""
    users = db[COLLECTION]
    await users.create_index([("usernameKey", ASCENDING)], unique=True, name="username_unique")
    if EMAIL_UNIQUE in await users.index_information():
        await users.drop_index(EMAIL_UNIQUE)
    await users.create_index([("displayNameKey", ASCENDING)], name="display_name_prefix")


class UserRepository:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._users = db[COLLECTION]

    async def insert(self, document: Document) -> Document:
        """Insert a new user; raises ``DuplicateKeyError`` on a taken username."""
        identified = {"_id": new_id(), **document}
        await self._users.insert_one(identified)
        return identified

    async def by_ids(self, ids: Sequence[ObjectId]) -> list[Document]:
        """All users among ``ids``, in one query."""
        return await self._users.find({"_id": {"$in": list(ids)}}).to_list()

    async def by_id(self, user_id: ObjectId) -> Document | None:
        return await self._users.find_one({"_id": user_id})

    async def delete(self, user_id: ObjectId) -> bool:
        return (await self._users.delete_one({"_id": user_id})).deleted_count == 1

    async def by_username_key(self, username_key: str) -> Document | None:
        return await self._users.find_one({"usernameKey": username_key})

    async def update(self, user_id: ObjectId, changes: dict[str, Any]) -> Document | None:
        return await self._users.find_one_and_update(
            {"_id": user_id}, {"$set": changes}, return_document=ReturnDocument.AFTER
        )

    async def search_by_prefix(self, prefix_key: str, request: PageRequest) -> Listing[Document]:
        """Users whose username or display name starts with ``prefix_key`` (case-folded)."""
        starts_with = {"$regex": f"^{re.escape(prefix_key)}"}
        query = {"$or": [{"usernameKey": starts_with}, {"displayNameKey": starts_with}]}
        return await find_listing(self._users, query, request, SEARCH_ORDER, _identity)


def _identity(document: Document) -> Document:
    return document
