"""What deleting an event does to the other subgraphs' data about it."""

from __future__ import annotations

from middleman.access import unfinished
from router.rules import FieldOutcome, Rule, RuleCall, RuleViolation

_REMOVE_INVITATIONS = """mutation MiddlemanRemoveInvitations($eventId: ID!) {
  removeEventInvitations(eventId: $eventId)
}"""
_REMOVE_PARTICIPATIONS = """mutation MiddlemanRemoveParticipations($eventId: ID!) {
  removeEventParticipations(eventId: $eventId)
}"""


async def _clean_up(call: RuleCall, outcome: FieldOutcome) -> None:
    if not outcome.succeeded:
        return
    variables = {"eventId": call.arguments["id"]}
    try:
        await call.gateway.call("removeEventInvitations", _REMOVE_INVITATIONS, variables)
        await call.gateway.call("removeEventParticipations", _REMOVE_PARTICIPATIONS, variables)
    except RuleViolation as violation:
        raise unfinished(
            violation, "The event is deleted", "delete it again to finish removing its guests"
        ) from violation


DELETE_EVENT_CLEANS_UP = Rule(
    name="delete-event-cleans-up",
    field="deleteEvent",
    description=(
        "Deleting an event then removes its invitations and participations; deleting again "
        "is idempotent and finishes an interrupted clean-up."
    ),
    after=_clean_up,
)
