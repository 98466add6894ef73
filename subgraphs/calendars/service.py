"""Calendar sharing rules: owners share with others (never themselves), at one level each.

That the grantee exists is a cross-service rule the router checks before a mutation arrives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from bson import ObjectId

from subgraphs.calendars.repository import ShareLevel, ShareRecord, ShareRepository
from subgraphs.common import (
    BadUserInput,
    Forbidden,
    Listing,
    PageRequest,
    object_id,
    ordered_by_keys,
    utc_now,
)

# What an owner has on their own calendar, as a share level.
OWN_CALENDAR = ShareLevel.DETAILS


class ShareService:
    def __init__(
        self, repository: ShareRepository, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self._repository = repository
        self._clock = clock

    async def share(self, owner: ObjectId, grantee_id: str, level: ShareLevel) -> ShareRecord:
        """Share the caller's calendar; sharing again with the same grantee sets the level."""
        grantee = object_id(grantee_id, "granteeId")
        if grantee == owner:
            raise BadUserInput("granteeId", "You cannot share your calendar with yourself.")
        return await self._repository.upsert(owner, grantee, level, self._clock())

    async def revoke(self, owner: ObjectId, grantee_id: str) -> bool:
        """Stop sharing with a grantee; ``False`` if there was no share."""
        return await self._repository.delete(owner, object_id(grantee_id, "granteeId"))

    async def remove_user(self, viewer: ObjectId, user_id: str) -> int:
        """Forget a deleted account's shares, given and received (idempotent)."""
        user = object_id(user_id, "userId")
        if user != viewer:
            raise Forbidden("Only the account's own deletion removes its shares.")
        return await self._repository.delete_of_user(user)

    async def given(self, owner: ObjectId, first: int, after: str | None) -> Listing[ShareRecord]:
        return await self._repository.given(owner, PageRequest.parse(first, after))

    async def received(
        self, viewer: ObjectId, grantee: ObjectId | None, first: int, after: str | None
    ) -> Listing[ShareRecord]:
        """The shares a user received; only that user may list them."""
        request = PageRequest.parse(first, after)
        if viewer != grantee:
            raise Forbidden("Only the user can see the calendars shared with them.")
        return await self._repository.received(viewer, request)

    async def access(self, viewer: ObjectId, owner_id: str) -> ShareLevel | None:
        """The caller's level on ``owner_id``'s calendar (their own: DETAILS; none: null)."""
        owner = object_id(owner_id, "ownerId")
        return (await self.access_many(viewer, [owner]))[0]

    async def access_many(
        self, viewer: ObjectId, owner_ids: Sequence[ObjectId]
    ) -> list[ShareLevel | None]:
        """Batch of :meth:`access`, one query."""
        others = [owner for owner in owner_ids if owner != viewer]
        shares = await self._repository.received_from(viewer, others) if others else []
        by_owner = ordered_by_keys(owner_ids, shares, key=lambda share: share.owner_id)
        return [
            OWN_CALENDAR if owner == viewer else (share.level if share else None)
            for owner, share in zip(owner_ids, by_owner, strict=True)
        ]

    async def visible_many(
        self, viewer: ObjectId, ids: Sequence[ObjectId]
    ) -> list[ShareRecord | None]:
        """Entity batch: the shares ``viewer`` owns or received (``None`` for the others)."""
        found = await self._repository.get_many(ids)
        return [share if share and share.involves(viewer) else None for share in found]
