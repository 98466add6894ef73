"""Rules around joining and leaving events."""

from __future__ import annotations

from middleman.access import grant_event, revoke_event
from middleman.follow_up import follow_up
from router.rules import Rule, RuleCall, RuleViolation

_EVENT_FOR_JOINING = """query MiddlemanJoinable($id: ID!) {
  event(id: $id) { isPublic owner { id } myInvitation { id } myParticipation { id } }
}"""


async def _join_public_or_invited(call: RuleCall) -> None:
    data = await call.gateway.query(_EVENT_FOR_JOINING, {"id": call.arguments["eventId"]})
    event = data.get("event")
    if event is None:
        raise RuleViolation("REFERENCE_NOT_FOUND", "No such event.")
    if (
        event["isPublic"]
        or event["owner"]["id"] == call.caller_id
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


async def _grant_joiner(call: RuleCall) -> None:
    await grant_event(call, call.arguments["eventId"], call.caller_id, "PARTICIPATION")


JOINER_SEES_EVENT = Rule(
    name="joiner-sees-event",
    field="joinEvent",
    description="A participant keeps seeing the event, even if it becomes private.",
    after=follow_up(
        _grant_joiner,
        done="You joined the event",
        retry="join again to keep seeing it if it turns private",
    ),
)


async def _leaver_loses_event(call: RuleCall) -> None:
    await revoke_event(call, call.arguments["eventId"], call.caller_id, "PARTICIPATION")


LEAVER_LOSES_EVENT = Rule(
    name="leaver-loses-event",
    field="leaveEvent",
    description="Leaving first withdraws what participation let you see.",
    before=_leaver_loses_event,
)
