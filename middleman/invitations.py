"""Rules around invitations: who may invite, and what inviting, cancelling and answering do
to the invitee's view of the event and to their participation."""

from __future__ import annotations

from typing import Any

from middleman.access import grant_event, revoke_event
from middleman.follow_up import follow_up
from router.rules import FieldOutcome, Rule, RuleCall, RuleViolation

_EVENT_OWNER = "query MiddlemanEventOwner($id: ID!) { event(id: $id) { owner { id } } }"
_INVITATION = """query MiddlemanInvitation($id: ID!) {
  invitation(id: $id) { event { id } invitee { id } inviter { id } }
}"""
_JOIN = "mutation MiddlemanJoin($eventId: ID!) { joinEvent(eventId: $eventId) { id } }"
_LEAVE = "mutation MiddlemanLeave($eventId: ID!) { leaveEvent(eventId: $eventId) }"


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


def _invited(outcome: FieldOutcome) -> bool:
    """Saved now, or before (CONFLICT: a retry, so make sure the earlier grant exists too)."""
    return outcome.succeeded or outcome.error_codes == {"CONFLICT"}


async def _grant_invitee(call: RuleCall) -> None:
    await grant_event(call, call.arguments["eventId"], call.arguments["inviteeId"], "INVITATION")


INVITEE_SEES_EVENT = Rule(
    name="invitee-sees-event",
    field="invite",
    description="An invitee may see the (private) event; granted after the invitation exists.",
    after=follow_up(
        _grant_invitee,
        done="The invitation is saved",
        retry="invite again to let the invitee see the event",
        when=_invited,
    ),
)


async def _own_invitation(call: RuleCall) -> dict[str, Any] | None:
    data = await call.gateway.query(_INVITATION, {"id": call.arguments["id"]})
    invitation: dict[str, Any] | None = data.get("invitation")
    return invitation


async def _cancel_hides_event(call: RuleCall) -> None:
    invitation = await _own_invitation(call)
    if invitation is None or invitation["inviter"]["id"] != call.caller_id:
        return  # nothing to cancel, or the invitations subgraph refuses the caller
    await revoke_event(call, invitation["event"]["id"], invitation["invitee"]["id"], "INVITATION")


CANCEL_HIDES_EVENT = Rule(
    name="cancel-hides-event",
    field="cancelInvitation",
    description="Cancelling an invitation first withdraws the invitee's view of the event.",
    before=_cancel_hides_event,
)


async def _answer_sets_participation(call: RuleCall) -> None:
    invitation = await _own_invitation(call)
    if invitation is None or invitation["invitee"]["id"] != call.caller_id:
        return  # the invitations subgraph answers NOT_FOUND / FORBIDDEN
    event_id = invitation["event"]["id"]
    if call.arguments["status"] == "ACCEPTED":
        await call.gateway.call("joinEvent", _JOIN, {"eventId": event_id})
        await grant_event(call, event_id, call.caller_id, "PARTICIPATION")
    else:
        await revoke_event(call, event_id, call.caller_id, "PARTICIPATION")
        await call.gateway.call("leaveEvent", _LEAVE, {"eventId": event_id})


ANSWER_SETS_PARTICIPATION = Rule(
    name="answer-sets-participation",
    field="respondToInvitation",
    description=(
        "Accepting makes the invitee a participant, declining or answering tentatively "
        "removes their participation; done before the answer is stored, so a retry converges."
    ),
    before=_answer_sets_participation,
)
