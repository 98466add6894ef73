"""What deleting an event does to the other subgraphs' data about it, and why a deleted
account creates no event."""

from __future__ import annotations

from middleman.accounts import remove_user_events
from middleman.guests import user_exists
from router.rules import Durable, FieldOutcome, Planned, Rule, RuleCall, RuleViolation

_DELETE = "mutation MiddlemanDeleteEvent($id: ID!) { deleteEvent(id: $id) }"
_REMOVE_INVITATIONS = """mutation MiddlemanRemoveInvitations($eventId: ID!) {
  removeEventInvitations(eventId: $eventId)
}"""
_REMOVE_PARTICIPATIONS = """mutation MiddlemanRemoveParticipations($eventId: ID!) {
  removeEventParticipations(eventId: $eventId)
}"""


async def _plan_delete(call: RuleCall) -> Planned:
    return Planned({"id": str(call.arguments["id"])})


async def _replay_delete(call: RuleCall) -> None:
    await call.gateway.call("deleteEvent", _DELETE, {"id": call.arguments["id"]})


async def _remove_invitations(call: RuleCall) -> None:
    variables = {"eventId": call.arguments["id"]}
    await call.gateway.call("removeEventInvitations", _REMOVE_INVITATIONS, variables)


async def _remove_participations(call: RuleCall) -> None:
    variables = {"eventId": call.arguments["id"]}
    await call.gateway.call("removeEventParticipations", _REMOVE_PARTICIPATIONS, variables)


DELETE_EVENT_CLEANS_UP = Rule(
    name="delete-event-cleans-up",
    field="deleteEvent",
    description=(
        "Deleting an event (the events subgraph removes it and its grants, keeping a "
        "tombstone) then removes its invitations and participations, finished by the "
        "reconciler if a subgraph is down."
    ),
    durable=Durable(
        prepare=_plan_delete,
        replay=_replay_delete,
        after=(_remove_invitations, _remove_participations),
    ),
)


_GONE = "Your account no longer exists."


async def _account_gone(call: RuleCall) -> bool:
    """True when the caller's account is known to be deleted. If the users subgraph cannot
    say, creating is not held up: the router refuses the token itself once the revocation
    list names its session (within ``ROUTER_REVOCATION_CACHE_TTL``)."""
    try:
        return not await user_exists(call, call.caller_id)
    except RuleViolation as violation:
        if violation.code in ("SUBGRAPH_UNAVAILABLE", "INTERNAL_SERVER_ERROR"):
            return False
        raise


async def _creator_exists(call: RuleCall) -> None:
    if await _account_gone(call):
        raise RuleViolation("UNAUTHENTICATED", _GONE)


async def _creator_still_exists(call: RuleCall, outcome: FieldOutcome) -> None:
    """Write, then verify: the events of an account deleted meanwhile are deleted."""
    if outcome.succeeded and await _account_gone(call):
        await remove_user_events(call)
        raise RuleViolation("UNAUTHENTICATED", _GONE)


CREATOR_EXISTS = Rule(
    name="creator-exists",
    field="createEvent",
    description=(
        "An event created with the token of an account that was deleted meanwhile is "
        "deleted again (the account's deletion removes the events it saw)."
    ),
    before=_creator_exists,
    after=_creator_still_exists,
)
