"""How much data the users have made so far (the pages get heavier as calendars fill up)."""

from __future__ import annotations

from typing import Any

from pymongo import AsyncMongoClient

# (database, collection) of what the simulated users create, by the subgraphs' own names.
CREATED = {
    "events": ("events", "events"),
    "invitations": ("invitations", "invitations"),
    "participations": ("participations", "participations"),
}


async def document_counts(mongo_uri: str) -> dict[str, int]:
    """What -> how many documents the database holds."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        mongo_uri, serverSelectionTimeoutMS=10_000
    )
    try:
        return {
            name: await client[database][collection].count_documents({})
            for name, (database, collection) in CREATED.items()
        }
    finally:
        await client.close()
