"""Rules around joining, leaving and removing participants (durable writes keyed by the
(event, user) pair): taking part and an ACCEPTED invitation always go together."""

from __future__ import annotations

from middleman import guests
from middleman.access import revoke_event
from router.rules import Durable, Planned, Rule, RuleCall, RuleViolation

_EVENT_FOR_JOINING = """query MiddlemanJoinable($id: ID!) {
  event(id: $id) { isPublic owner { id } myInvitation { id } myParticipation { id } }
}"""
_LEAVE = "mutation MiddlemanLeave($eventId: ID!) { leaveEvent(eventId: $eventId) }"
_REMOVE = """mutation MiddlemanRemoveParticipant($eventId: ID!, $userId: ID!) {
  removeParticipant(eventId: $eventId, userId: $userId)
}"""


async def _join_public_or_invited(call: RuleCall) -> None:
    data = await call.gateway.query(_EVENT_FOR_JOINING, {"id": call.arguments["eventId"]})
    event = data.get("event")
    if event is None:
        raise RuleViolation("REFERENCE_NOT_FOUND", "No such event.")
    if (
        event["isPublic"]
        or (event["owner"] or {}).get("id") == call.caller_id
        or event.get("myInvitation")
        or event.get("myParticipation")
    ):
        return
    raise RuleViolation("FORBIDDEN", "This event is private: you can join it only when invited.")


JOIN_PUBLIC_OR_INVITED = Rule(
    name="join-public-or-invited",
    field="joinEvent",
    description="Join only public events, your own, or events you are invited to.",
    before=_join_public_or_invited,
)


async def _plan_own(call: RuleCall) -> Planned:
    """The caller's own pair with the event of the arguments."""
    event_id = str(call.arguments["eventId"])
    arguments = {"eventId": event_id, "userId": call.caller_id}
    return Planned(arguments, guests.guest_key(event_id, call.caller_id))


async def _accept_and_see(call: RuleCall) -> None:
    """Joining accepts the joiner's invitation, if any, and keeps the event visible to them
    even if it turns private; a deleted event or account undoes the join."""
    await guests.set_invitation(call, "ACCEPTED")
    await guests.still_there(call, "PARTICIPATION")


JOINER_SEES_EVENT = Rule(
    name="joiner-sees-event",
    field="joinEvent",
    description=(
        "After joining: the joiner's invitation (if any) is ACCEPTED and they keep seeing the "
        "event; joining a deleted event leaves nothing behind."
    ),
    durable=Durable(
        prepare=_plan_own,
        before=(_join_public_or_invited,),  # again, now that no other write of the pair runs
        replay=guests.join,
        after=(_accept_and_see,),
    ),
)


async def _stop_seeing(call: RuleCall) -> None:
    event_id, user_id = guests.pair(call)
    await revoke_event(call, event_id, user_id, "PARTICIPATION")


async def _replay_leave(call: RuleCall) -> None:
    await call.gateway.call("leaveEvent", _LEAVE, {"eventId": guests.pair(call)[0]})


async def _decline(call: RuleCall) -> None:
    await guests.set_invitation(call, "DECLINED", only_from="ACCEPTED")


LEAVER_DECLINES = Rule(
    name="leaver-declines",
    field="leaveEvent",
    description=(
        "Leaving first withdraws what participation let you see; then an ACCEPTED invitation "
        "becomes DECLINED (joining again, or accepting, makes it ACCEPTED)."
    ),
    durable=Durable(
        prepare=_plan_own, before=(_stop_seeing,), replay=_replay_leave, after=(_decline,)
    ),
)


async def _plan_removal(call: RuleCall) -> Planned:
    event_id, user_id = str(call.arguments["eventId"]), str(call.arguments["userId"])
    return Planned({"eventId": event_id, "userId": user_id}, guests.guest_key(event_id, user_id))


async def _replay_removal(call: RuleCall) -> None:
    event_id, user_id = guests.pair(call)
    await call.gateway.call("removeParticipant", _REMOVE, {"eventId": event_id, "userId": user_id})


REMOVED_PARTICIPANT_LEAVES = Rule(
    name="removed-participant-leaves",
    field="removeParticipant",
    description=(
        "The owner removes a participant: the events subgraph withdraws their access (owner "
        "only), then their participation and their invitation go."
    ),
    durable=Durable(prepare=_plan_removal, replay=_replay_removal, after=(guests.forget_pair,)),
)
