"""Deleting an account: the users subgraph deletes it and ends its sessions, then the user's
data goes from every other subgraph (a durable write, finished by the reconciler)."""

from __future__ import annotations

from middleman.guests import user_exists
from router.rules import Durable, IntentFinished, Planned, Rule, RuleCall

_REMOVE_EVENTS = "mutation MiddlemanRemoveUserEvents($u: ID!) { removeUserEvents(userId: $u) }"
_REMOVE_INVITATIONS = """mutation MiddlemanRemoveUserInvitations($u: ID!, $events: [ID!]!) {
  removeUserInvitations(userId: $u, eventIds: $events)
}"""
_REMOVE_PARTICIPATIONS = """mutation MiddlemanRemoveUserParticipations($u: ID!, $events: [ID!]!) {
  removeUserParticipations(userId: $u, eventIds: $events)
}"""
_REMOVE_SHARES = "mutation MiddlemanRemoveUserShares($u: ID!) { removeUserShares(userId: $u) }"


async def remove_user_events(call: RuleCall) -> list[str]:
    """Delete the caller's events (and grants); the ids of every event they deleted."""
    data = await call.gateway.call("removeUserEvents", _REMOVE_EVENTS, {"u": call.caller_id})
    return [str(event_id) for event_id in data.get("removeUserEvents") or []]


async def _plan(call: RuleCall) -> Planned:
    return Planned({"userId": call.caller_id})  # never the password


async def _remove_everything(call: RuleCall) -> None:
    """Only once the account is gone (the reconciler may not know whether it went)."""
    if await user_exists(call, call.caller_id):
        raise IntentFinished
    events = await remove_user_events(call)
    variables = {"u": call.caller_id, "events": events}
    await call.gateway.call("removeUserInvitations", _REMOVE_INVITATIONS, variables)
    await call.gateway.call("removeUserParticipations", _REMOVE_PARTICIPATIONS, variables)
    await call.gateway.call("removeUserShares", _REMOVE_SHARES, {"u": call.caller_id})


DELETE_ACCOUNT_REMOVES_DATA = Rule(
    name="delete-account-removes-data",
    field="deleteAccount",
    description=(
        "Once the account is deleted (its sessions end), its events with their guests, the "
        "invitations, participations and shares it had go from every subgraph."
    ),
    durable=Durable(prepare=_plan, after=(_remove_everything,)),
)
