"""What deleting an event does to the other subgraphs' data about it."""

from __future__ import annotations

from middleman.follow_up import follow_up
from router.rules import Rule, RuleCall

_REMOVE_INVITATIONS = """mutation MiddlemanRemoveInvitations($eventId: ID!) {
  removeEventInvitations(eventId: $eventId)
}"""
_REMOVE_PARTICIPATIONS = """mutation MiddlemanRemoveParticipations($eventId: ID!) {
  removeEventParticipations(eventId: $eventId)
}"""


async def _remove_guests(call: RuleCall) -> None:
    variables = {"eventId": call.arguments["id"]}
    await call.gateway.call("removeEventInvitations", _REMOVE_INVITATIONS, variables)
    await call.gateway.call("removeEventParticipations", _REMOVE_PARTICIPATIONS, variables)


DELETE_EVENT_CLEANS_UP = Rule(
    name="delete-event-cleans-up",
    field="deleteEvent",
    description=(
        "Deleting an event then removes its invitations and participations; deleting again "
        "is idempotent and finishes an interrupted clean-up."
    ),
    after=follow_up(
        _remove_guests,
        done="The event is deleted",
        retry="delete it again to finish removing its guests",
    ),
)
