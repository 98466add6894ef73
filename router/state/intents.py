"""Recorded multi-step writes (collection ``intents``), finished by the reconciler.

An intent is written before its first step and holds everything needed to run it again
without the request: the rule's name, the recorded arguments, the caller and its key.
Statuses: ``pending`` (steps may be left), ``done``, ``refused`` (a step refused for good).
Intents of one key run in the order they were recorded (``seq``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bson import ObjectId
from pymongo import ASCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from router.interfaces import Identity
from router.state.database import Document

COLLECTION = "intents"
PENDING = "pending"
KEEP_FINISHED = timedelta(days=1)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Intent:
    id: str
    name: str
    key: str | None
    seq: int
    arguments: Mapping[str, Any]
    identity: Identity | None
    field_applied: bool
    attempts: int
    created_at: datetime


def _intent(document: Document) -> Intent:
    caller = document.get("caller")
    identity = None
    if caller is not None:
        identity = Identity(caller["subject"], frozenset(caller["scopes"]), caller["claims"])
    return Intent(
        id=str(document["_id"]),
        name=document["name"],
        key=document.get("key"),
        seq=int(document.get("seq", 0)),
        arguments=document["arguments"],
        identity=identity,
        field_applied=bool(document.get("fieldApplied")),
        attempts=int(document.get("attempts", 0)),
        created_at=document["createdAt"],
    )


async def ensure_intent_indexes(db: AsyncDatabase[Document]) -> None:
    intents = db[COLLECTION]
    await intents.create_index(
        [("status", ASCENDING), ("nextAttemptAt", ASCENDING)], name="status_due"
    )
    await intents.create_index([("key", ASCENDING), ("status", ASCENDING)], name="key_status")


class IntentStore:
    def __init__(self, db: AsyncDatabase[Document], lease: timedelta) -> None:
        self._intents = db[COLLECTION]
        self._lease = lease

    async def record(
        self,
        name: str,
        key: str | None,
        seq: int,
        arguments: Mapping[str, Any],
        identity: Identity | None,
        holder: str,
    ) -> Intent:
        """Store a new pending intent, leased to ``holder`` (the request running it)."""
        now = _now()
        caller = None
        if identity is not None:
            caller = {
                "subject": identity.subject,
                "scopes": sorted(identity.scopes),
                "claims": dict(identity.claims),
            }
        document: Document = {
            "_id": ObjectId(),
            "name": name,
            "key": key,
            "seq": seq,
            "arguments": dict(arguments),
            "caller": caller,
            "status": PENDING,
            "fieldApplied": False,
            "attempts": 0,
            "createdAt": now,
            "updatedAt": now,
            "nextAttemptAt": now,
            "leaseOwner": holder,
            "leaseUntil": now + self._lease,
        }
        await self._intents.insert_one(document)
        return _intent(document)

    # Every change below is fenced by ``holder``: a holder whose lease was taken over (it was
    # too slow, or presumed dead) changes nothing.

    async def field_applied(self, intent_id: str, holder: str) -> None:
        await self._update(intent_id, holder, {"fieldApplied": True})

    async def finish(
        self, intent_id: str, holder: str, status: str, error: str | None = None
    ) -> None:
        now = _now()
        changes = {"status": status, "finishedAt": now, "lastError": error, "leaseUntil": now}
        await self._update(intent_id, holder, changes)

    async def retry_later(
        self, intent_id: str, holder: str, attempts: int, delay: float, error: str
    ) -> None:
        """Leave the intent pending; the reconciler may take it after ``delay`` seconds."""
        now = _now()
        due = now + timedelta(seconds=delay)
        changes = {
            "attempts": attempts,
            "lastError": error,
            "nextAttemptAt": due,
            "leaseUntil": now,
        }
        await self._update(intent_id, holder, changes)

    async def renew(self, intent_id: str, holder: str) -> bool:
        """Extend ``holder``'s lease; False if another holder has taken the intent over."""
        return await self._update(intent_id, holder, {"leaseUntil": _now() + self._lease})

    async def older_pending(self, key: str, seq: int) -> bool:
        """True while an intent of ``key`` recorded before ``seq`` is unfinished."""
        query = {"key": key, "status": PENDING, "seq": {"$lt": seq}}
        return await self._intents.find_one(query, {"_id": 1}) is not None

    async def claim_due(self, holder: str) -> Intent | None:
        """Lease the next due pending intent to ``holder``; None when there is none."""
        now = _now()
        document = await self._intents.find_one_and_update(
            {"status": PENDING, "nextAttemptAt": {"$lte": now}, "leaseUntil": {"$lte": now}},
            {"$set": {"leaseOwner": holder, "leaseUntil": now + self._lease}},
            sort=[("nextAttemptAt", ASCENDING)],
            return_document=ReturnDocument.AFTER,
        )
        return None if document is None else _intent(document)

    async def pending_count(self) -> int:
        return await self._intents.count_documents({"status": PENDING})

    async def purge_finished(self) -> int:
        cutoff = _now() - KEEP_FINISHED
        query = {"status": {"$ne": PENDING}, "finishedAt": {"$lt": cutoff}}
        return (await self._intents.delete_many(query)).deleted_count

    async def _update(self, intent_id: str, holder: str, changes: Document) -> bool:
        changes["updatedAt"] = _now()
        query = {"_id": ObjectId(intent_id), "leaseOwner": holder}
        return (await self._intents.update_one(query, {"$set": changes})).matched_count == 1
