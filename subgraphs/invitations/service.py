"""Invitation rules: who may invite, answer, cancel and see an invitation.

Cross-service rules (the caller owns the event, the invitee exists) are checked by the
router before a mutation arrives; here we enforce what our own data can tell. Every write
records a change (``SENT``, ``ANSWERED``, ``CANCELLED``) for the inviter and the invitee.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from enum import StrEnum

from bson import ObjectId

from subgraphs.common import (
    BadUserInput,
    ChangeFeed,
    Conflict,
    Forbidden,
    Listing,
    NotFound,
    PageRequest,
    new_id,
    object_id,
    optional_id,
    ordered_by_keys,
    utc_now,
)
from subgraphs.common.changes import Recording
from subgraphs.invitations.repository import (
    InvitationRecord,
    InvitationRepository,
    InvitationStatus,
)

ANSWERS = frozenset(
    {InvitationStatus.ACCEPTED, InvitationStatus.DECLINED, InvitationStatus.TENTATIVE}
)


class InvitationChangeKind(StrEnum):
    SENT = "SENT"
    ANSWERED = "ANSWERED"
    CANCELLED = "CANCELLED"


def _ids(record: InvitationRecord) -> dict[str, str]:
    return {"invitation": str(record.id), "event": str(record.event_id)}


def _audience(records: Iterable[InvitationRecord]) -> set[str]:
    return {str(user) for record in records for user in (record.inviter_id, record.invitee_id)}


class InvitationService:
    def __init__(
        self,
        repository: InvitationRepository,
        changes: ChangeFeed,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._repository = repository
        self.changes = changes
        self._clock = clock

    def _recording(
        self, kind: InvitationChangeKind, records: Sequence[InvitationRecord]
    ) -> AbstractAsyncContextManager[Recording]:
        ids = _ids(records[0]) if len(records) == 1 else {}
        return self.changes.recording(kind.value, ids, _audience(records))

    async def invite(self, inviter: ObjectId, event_id: str, invitee_id: str) -> InvitationRecord:
        event = object_id(event_id, "eventId")
        invitee = object_id(invitee_id, "inviteeId")
        if invitee == inviter:
            raise BadUserInput("inviteeId", "You cannot invite yourself.")
        record = InvitationRecord(
            id=new_id(),
            event_id=event,
            invitee_id=invitee,
            inviter_id=inviter,
            status=InvitationStatus.PENDING,
            created_at=self._clock(),
        )
        async with self._recording(InvitationChangeKind.SENT, [record]):
            if not await self._repository.insert(record):
                raise Conflict("This user is already invited to this event.")
        return record

    async def respond(
        self, invitee: ObjectId, invitation_id: str, status: InvitationStatus
    ) -> InvitationRecord:
        """Answer an invitation; answering again with the same status changes nothing."""
        if status not in ANSWERS:
            raise BadUserInput("status", "status must be ACCEPTED, DECLINED or TENTATIVE.")
        invitation = await self._existing(invitation_id)
        if invitation.invitee_id != invitee:
            raise Forbidden("Only the invitee can answer an invitation.")
        if invitation.status == status:
            return invitation
        async with self._recording(InvitationChangeKind.ANSWERED, [invitation]):
            updated = await self._repository.set_status(invitation.id, status, self._clock())
            if updated is None:  # cancelled meanwhile
                raise NotFound("This invitation does not exist.")
        return updated

    async def cancel(self, inviter: ObjectId, invitation_id: str) -> bool:
        """Withdraw an invitation; ``False`` if there is none (already cancelled)."""
        invitation = await self._repository.get(object_id(invitation_id, "id"))
        if invitation is None:
            return False
        if invitation.inviter_id != inviter:
            raise Forbidden("Only the inviter can cancel an invitation.")
        async with self._recording(InvitationChangeKind.CANCELLED, [invitation]) as change:
            deleted = await self._repository.delete(invitation.id)
            if not deleted:
                change.discard()
        return deleted

    async def set_status_of(
        self,
        event_id: str,
        invitee_id: str,
        status: InvitationStatus,
        only_from: InvitationStatus | None,
    ) -> bool:
        """What joining (ACCEPTED) or leaving (DECLINED) does to an invitation, if any."""
        event, invitee = object_id(event_id, "eventId"), object_id(invitee_id, "inviteeId")
        found = await self._repository.of(event, invitee)
        if found is None or (only_from is not None and found.status != only_from):
            return False
        if found.status == status:
            return True
        async with self._recording(InvitationChangeKind.ANSWERED, [found]) as change:
            if not await self._repository.set_status_of(
                event, invitee, status, self._clock(), only_from
            ):
                change.discard()
                return False
        return True

    async def remove(self, event_id: str, invitee_id: str) -> bool:
        """Remove the invitation of (event, invitee); ``False`` if there is none."""
        event, invitee = object_id(event_id, "eventId"), object_id(invitee_id, "inviteeId")
        found = await self._repository.of(event, invitee)
        if found is None:
            return False
        async with self._recording(InvitationChangeKind.CANCELLED, [found]) as change:
            deleted = await self._repository.delete_of(event, invitee)
            if not deleted:
                change.discard()
        return deleted

    async def remove_user(self, viewer: ObjectId, user_id: str, event_ids: Sequence[str]) -> int:
        """Forget a deleted account: invitations it sent or received, and its events'."""
        user = object_id(user_id, "userId")
        if user != viewer:
            raise Forbidden("Only the account's own deletion removes its invitations.")
        events = [object_id(event_id, "eventIds") for event_id in event_ids]
        found = await self._repository.of_user(user, events)
        if not found:
            return 0
        async with self._recording(InvitationChangeKind.CANCELLED, found):
            return await self._repository.delete_of_user(user, events)

    async def remove_event(self, event_id: str) -> int:
        """Forget a deleted event's invitations (idempotent); how many were removed."""
        event = object_id(event_id, "eventId")
        found = await self._repository.of_events([event])
        if not found:
            return 0
        async with self._recording(InvitationChangeKind.CANCELLED, found):
            return await self._repository.delete_for_event(event)

    async def visible(self, viewer: ObjectId, invitation_id: str) -> InvitationRecord | None:
        """An invitation for its inviter or invitee; ``None`` if unknown."""
        invitation = await self._repository.get(object_id(invitation_id, "id"))
        if invitation is not None and not invitation.involves(viewer):
            raise Forbidden("Only the inviter and the invitee can see an invitation.")
        return invitation

    async def visible_many(
        self, viewer: ObjectId, ids: Sequence[ObjectId]
    ) -> list[InvitationRecord | None]:
        """Entity batch: the invitations ``viewer`` may see (``None`` for the others)."""
        found = await self._repository.get_many(ids)
        return [record if record and record.involves(viewer) else None for record in found]

    async def received(
        self,
        viewer: ObjectId,
        user_id: ObjectId | None,
        status: InvitationStatus | None,
        first: int,
        after: str | None,
    ) -> Listing[InvitationRecord]:
        """A user's received invitations; only the user may list them."""
        request = PageRequest.parse(first, after)
        if viewer != user_id:
            raise Forbidden("Only the invitee can list their invitations.")
        return await self._repository.received(user_id, status, request)

    async def for_event(
        self, viewer: ObjectId, event_id: str, first: int, after: str | None
    ) -> Listing[InvitationRecord]:
        """An event's guest list, shown to those who sent or received an invitation to it."""
        request = PageRequest.parse(first, after)
        event = optional_id(event_id)
        if event is None or not await self._repository.involves(event, viewer):
            return Listing.empty()
        return await self._repository.for_event(event, request)

    async def received_for_events(
        self, invitee: ObjectId, event_ids: Sequence[ObjectId]
    ) -> list[InvitationRecord | None]:
        """Batch: ``invitee``'s invitation to each event, in order (``None`` if not invited)."""
        found = await self._repository.received_for_events(invitee, event_ids)
        return ordered_by_keys(event_ids, found, key=lambda record: record.event_id)

    async def _existing(self, invitation_id: str) -> InvitationRecord:
        invitation = await self._repository.get(object_id(invitation_id, "id"))
        if invitation is None:
            raise NotFound("This invitation does not exist.")
        return invitation
