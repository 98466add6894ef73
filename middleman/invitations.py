"""Rules around invitations: who may invite, and what inviting, answering and cancelling do
to the invitee's participation and view of the event (durable writes keyed by the pair)."""

from __future__ import annotations

from typing import Any

from middleman import guests
from middleman.access import revoke_event
from router.rules import Durable, Planned, Rule, RuleCall, RuleViolation

_EVENT_OWNER = "query MiddlemanEventOwner($id: ID!) { event(id: $id) { owner { id } } }"
# ``isPublic`` makes the router ask the events subgraph: ``event`` is null once it is deleted.
_INVITATION = """query MiddlemanInvitation($id: ID!) {
  invitation(id: $id) { event { id isPublic } invitee { id username } inviter { id username } }
}"""
_INVITE = """mutation MiddlemanInvite($eventId: ID!, $userId: ID!) {
  invite(eventId: $eventId, inviteeId: $userId) { id }
}"""
_RESPOND = """mutation MiddlemanRespond($id: ID!, $status: InvitationStatus!) {
  respondToInvitation(id: $id, status: $status) { id }
}"""
DANGLING = frozenset({"ENTITY_NOT_FOUND"})  # a deleted event or account: left null
_CANCEL = "mutation MiddlemanCancel($id: ID!) { cancelInvitation(id: $id) }"


async def _invite_own_events_only(call: RuleCall) -> None:
    data = await call.gateway.query(_EVENT_OWNER, {"id": call.arguments["eventId"]})
    event = data.get("event")
    if event is None:
        raise RuleViolation("REFERENCE_NOT_FOUND", "No such event.")
    if event["owner"]["id"] != call.caller_id:
        raise RuleViolation("FORBIDDEN", "You can invite people only to your own events.")


INVITE_OWN_EVENTS_ONLY = Rule(
    name="invite-own-events-only",
    field="invite",
    description="Only the event's owner invites to it.",
    before=_invite_own_events_only,
)


async def _plan_invite(call: RuleCall) -> Planned:
    event_id, user_id = str(call.arguments["eventId"]), str(call.arguments["inviteeId"])
    return Planned({"eventId": event_id, "userId": user_id}, guests.guest_key(event_id, user_id))


async def _replay_invite(call: RuleCall) -> None:
    event_id, user_id = guests.pair(call)
    await call.gateway.call("invite", _INVITE, {"eventId": event_id, "userId": user_id})


async def _see_and_match_participation(call: RuleCall) -> None:
    """Grant the invitee a view; a participant's new invitation is ACCEPTED at once."""
    await guests.still_there(call, "INVITATION")
    if await guests.takes_part(call):
        await guests.set_invitation(call, "ACCEPTED")


INVITEE_SEES_EVENT = Rule(
    name="invitee-sees-event",
    field="invite",
    description=(
        "After the invitation is stored, the invitee may see the event (a participant's "
        "invitation is ACCEPTED); a repeated invite (CONFLICT) finishes the same steps."
    ),
    durable=Durable(
        prepare=_plan_invite,
        replay=_replay_invite,
        after=(_see_and_match_participation,),
        proceed_on=frozenset({"CONFLICT"}),
    ),
)


async def _invitation(call: RuleCall) -> dict[str, Any] | None:
    variables = {"id": call.arguments["id"]}
    data = await call.gateway.query(_INVITATION, variables, tolerate=DANGLING)
    invitation: dict[str, Any] | None = data.get("invitation")
    return invitation


async def _plan_answer(call: RuleCall) -> Planned | None:
    invitation = await _invitation(call)
    if invitation is None or (invitation["invitee"] or {}).get("id") != call.caller_id:
        return None  # the invitations subgraph answers NOT_FOUND / FORBIDDEN
    if invitation["event"] is None:
        raise RuleViolation("NOT_FOUND", "The event of this invitation no longer exists.")
    event_id = invitation["event"]["id"]
    arguments = {
        "id": str(call.arguments["id"]),
        "status": str(call.arguments["status"]),
        "eventId": event_id,
        "userId": call.caller_id,
    }
    return Planned(arguments, guests.guest_key(event_id, call.caller_id))


def _accepts(call: RuleCall) -> bool:
    return bool(call.arguments["status"] == "ACCEPTED")


async def _stop_taking_part_unless_accepting(call: RuleCall) -> None:
    if not _accepts(call):
        event_id, user_id = guests.pair(call)
        await revoke_event(call, event_id, user_id, "PARTICIPATION")
        await guests.remove_participation(call)


async def _replay_answer(call: RuleCall) -> None:
    variables = {"id": call.arguments["id"], "status": call.arguments["status"]}
    await call.gateway.call("respondToInvitation", _RESPOND, variables)


async def _take_part_if_accepted(call: RuleCall) -> None:
    if _accepts(call):
        await guests.join(call)
        await guests.still_there(call, "PARTICIPATION")


ANSWER_SETS_PARTICIPATION = Rule(
    name="answer-sets-participation",
    field="respondToInvitation",
    description=(
        "ACCEPTED: the answer is stored, then the invitee takes part; DECLINED/TENTATIVE: the "
        "participation goes first, then the answer is stored. An invitation of a deleted "
        "event cannot be answered (NOT_FOUND)."
    ),
    durable=Durable(
        prepare=_plan_answer,
        before=(_stop_taking_part_unless_accepting,),
        replay=_replay_answer,
        after=(_take_part_if_accepted,),
    ),
)


async def _plan_cancel(call: RuleCall) -> Planned | None:
    invitation = await _invitation(call)
    if invitation is None or (invitation["inviter"] or {}).get("id") != call.caller_id:
        return None  # nothing to cancel, or the invitations subgraph refuses the caller
    if invitation["event"] is None or invitation["invitee"] is None:
        return None  # the event's or the account's deletion removes the rest
    event_id, user_id = invitation["event"]["id"], invitation["invitee"]["id"]
    arguments = {"id": str(call.arguments["id"]), "eventId": event_id, "userId": user_id}
    return Planned(arguments, guests.guest_key(event_id, user_id))


async def _replay_cancel(call: RuleCall) -> None:
    await call.gateway.call("cancelInvitation", _CANCEL, {"id": call.arguments["id"]})


CANCEL_REMOVES_GUEST = Rule(
    name="cancel-removes-guest",
    field="cancelInvitation",
    description=(
        "Cancelling an invitation first withdraws the invitee's access and participation, "
        "then the invitation goes (also after it was accepted)."
    ),
    durable=Durable(prepare=_plan_cancel, before=(guests.withdraw_all,), replay=_replay_cancel),
)
