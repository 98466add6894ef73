"""Calendar sharing rules: owners share with others (never themselves), at one level each.

That the grantee exists is a cross-service rule the router checks before a mutation arrives.
Sharing and revoking record a change (``GRANTED``, ``REVOKED``) for the owner and grantee.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from enum import StrEnum

from bson import ObjectId

from subgraphs.calendars.repository import ShareLevel, ShareRecord, ShareRepository
from subgraphs.common import (
    BadUserInput,
    ChangeFeed,
    Forbidden,
    Listing,
    PageRequest,
    object_id,
    ordered_by_keys,
    utc_now,
)
from subgraphs.common.changes import Recording

# What an owner has on their own calendar, as a share level.
OWN_CALENDAR = ShareLevel.DETAILS


class ShareChangeKind(StrEnum):
    GRANTED = "GRANTED"
    REVOKED = "REVOKED"


class ShareService:
    def __init__(
        self,
        repository: ShareRepository,
        changes: ChangeFeed,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._repository = repository
        self.changes = changes
        self._clock = clock

    def _recording(
        self, kind: ShareChangeKind, pairs: Sequence[tuple[ObjectId, ObjectId]]
    ) -> AbstractAsyncContextManager[Recording]:
        """A change of the shares between (owner, grantee) ``pairs``."""
        ids = {"owner": str(pairs[0][0]), "grantee": str(pairs[0][1])} if len(pairs) == 1 else {}
        audience = {str(user) for pair in pairs for user in pair}
        return self.changes.recording(kind.value, ids, audience)

    async def share(self, owner: ObjectId, grantee_id: str, level: ShareLevel) -> ShareRecord:
        """Share the caller's calendar; sharing again with the same grantee sets the level."""
        grantee = object_id(grantee_id, "granteeId")
        if grantee == owner:
            raise BadUserInput("granteeId", "You cannot share your calendar with yourself.")
        async with self._recording(ShareChangeKind.GRANTED, [(owner, grantee)]):
            return await self._repository.upsert(owner, grantee, level, self._clock())

    async def revoke(self, owner: ObjectId, grantee_id: str) -> bool:
        """Stop sharing with a grantee; ``False`` if there was no share."""
        grantee = object_id(grantee_id, "granteeId")
        async with self._recording(ShareChangeKind.REVOKED, [(owner, grantee)]) as change:
            deleted = await self._repository.delete(owner, grantee)
            if not deleted:
                change.discard()
        return deleted

    async def remove_user(self, viewer: ObjectId, user_id: str) -> int:
        """Forget a deleted account's shares, given and received (idempotent)."""
        user = object_id(user_id, "userId")
        if user != viewer:
            raise Forbidden("Only the account's own deletion removes its shares.")
        found = await self._repository.of_user(user)
        if not found:
            return 0
        pairs = [(share.owner_id, share.grantee_id) for share in found]
        async with self._recording(ShareChangeKind.REVOKED, pairs):
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
