"""The idempotent steps of writes about one (event, user) pair — their invitation, their
participation and their access grants — and the key that serialises those writes."""

from __future__ import annotations

from typing import Any

from middleman.access import Reason, grant_event, revoke_event
from router.rules import IntentFinished, RuleCall

_JOIN = "mutation MiddlemanJoin($eventId: ID!) { joinEvent(eventId: $eventId) { id } }"
_REMOVE_PARTICIPATION = """mutation MiddlemanRemoveParticipation($eventId: ID!, $userId: ID!) {
  removeParticipation(eventId: $eventId, userId: $userId)
}"""
_SET_INVITATION = """mutation MiddlemanSetInvitation(
  $eventId: ID!, $inviteeId: ID!, $status: InvitationStatus!, $onlyFrom: InvitationStatus
) {
  setInvitationStatus(
    eventId: $eventId, inviteeId: $inviteeId, status: $status, onlyFrom: $onlyFrom
  )
}"""
_REMOVE_INVITATION = """mutation MiddlemanRemoveInvitation($eventId: ID!, $inviteeId: ID!) {
  removeInvitation(eventId: $eventId, inviteeId: $inviteeId)
}"""
_TAKES_PART = """query MiddlemanTakesPart($eventId: ID!, $userId: ID!) {
  takesPart(eventId: $eventId, userId: $userId)
}"""
_USER = "query MiddlemanUser($id: ID!) { user(id: $id) { id } }"


def guest_key(event_id: str, user_id: str) -> str:
    """Writes about the same (event, user) run one at a time, in the order they arrived."""
    return f"guest:{event_id}:{user_id}"


def pair(call: RuleCall) -> tuple[str, str]:
    """The recorded (event, user) of a guest write."""
    return str(call.arguments["eventId"]), str(call.arguments["userId"])


async def join(call: RuleCall) -> None:
    """The caller takes part (joining again finds the participation)."""
    await call.gateway.call("joinEvent", _JOIN, {"eventId": pair(call)[0]})


async def remove_participation(call: RuleCall) -> None:
    event_id, user_id = pair(call)
    variables = {"eventId": event_id, "userId": user_id}
    await call.gateway.call("removeParticipation", _REMOVE_PARTICIPATION, variables)


async def set_invitation(call: RuleCall, status: str, only_from: str | None = None) -> None:
    """The user's invitation (if any) says ``status`` (only if it said ``only_from``)."""
    event_id, user_id = pair(call)
    variables: dict[str, Any] = {
        "eventId": event_id,
        "inviteeId": user_id,
        "status": status,
        "onlyFrom": only_from,
    }
    await call.gateway.call("setInvitationStatus", _SET_INVITATION, variables)


async def remove_invitation(call: RuleCall) -> None:
    event_id, user_id = pair(call)
    variables = {"eventId": event_id, "inviteeId": user_id}
    await call.gateway.call("removeInvitation", _REMOVE_INVITATION, variables)


async def takes_part(call: RuleCall) -> bool:
    event_id, user_id = pair(call)
    variables = {"eventId": event_id, "userId": user_id}
    data = await call.gateway.call("takesPart", _TAKES_PART, variables, operation_type="Query")
    return bool(data.get("takesPart"))


async def user_exists(call: RuleCall, user_id: str) -> bool:
    data = await call.gateway.query(_USER, {"id": user_id})
    return data.get("user") is not None


async def withdraw_all(call: RuleCall) -> None:
    """Narrowing first: no grant of the pair is left, then no participation."""
    event_id, user_id = pair(call)
    await revoke_event(call, event_id, user_id, "INVITATION")
    await revoke_event(call, event_id, user_id, "PARTICIPATION")
    await remove_participation(call)


async def forget_pair(call: RuleCall) -> None:
    """Everything of the pair goes: grants, participation, invitation."""
    await withdraw_all(call)
    await remove_invitation(call)


async def still_there(call: RuleCall, reason: Reason) -> None:
    """Write, then verify: grant ``reason`` — which finds the event gone if it was deleted
    meanwhile — and check the user still exists; if either is gone, undo the pair and stop.

    Deleting an event or an account removes the event/user first and their guests after,
    so a write that still saw both before this check is removed by that clean-up, and a
    write that did not is removed here.
    """
    event_id, user_id = pair(call)
    if await grant_event(call, event_id, user_id, reason) and await user_exists(call, user_id):
        return
    await forget_pair(call)
    raise IntentFinished
