"""Writes of the access grants the events subgraph keeps (its ``@inaccessible`` mutations)."""

from __future__ import annotations

from typing import Literal

from router.rules import RuleCall

type Reason = Literal["INVITATION", "PARTICIPATION"]
type Level = Literal["FREE_BUSY", "DETAILS"]

_GRANT = """mutation MiddlemanGrant($eventId: ID!, $userId: ID!, $reason: AccessReason!) {
  grantEventAccess(eventId: $eventId, userId: $userId, reason: $reason)
}"""
_REVOKE = """mutation MiddlemanRevoke($eventId: ID!, $userId: ID!, $reason: AccessReason!) {
  revokeEventAccess(eventId: $eventId, userId: $userId, reason: $reason)
}"""
_SET_CALENDAR = """mutation MiddlemanCalendar(
  $granteeId: ID!, $level: CalendarLevel, $lowerOnly: Boolean!
) {
  setCalendarAccess(granteeId: $granteeId, level: $level, lowerOnly: $lowerOnly)
}"""


async def grant_event(call: RuleCall, event_id: str, user_id: str, reason: Reason) -> bool:
    """Let the user see the event; False if the event does not exist (any more)."""
    variables = {"eventId": event_id, "userId": user_id, "reason": reason}
    data = await call.gateway.call("grantEventAccess", _GRANT, variables)
    return bool(data.get("grantEventAccess"))


async def revoke_event(call: RuleCall, event_id: str, user_id: str, reason: str) -> None:
    variables = {"eventId": event_id, "userId": user_id, "reason": reason}
    await call.gateway.call("revokeEventAccess", _REVOKE, variables)


async def mirror_calendar(
    call: RuleCall, grantee_id: str, level: Level | None, *, lower_only: bool = False
) -> None:
    """Set the caller's calendar share with ``grantee_id`` as the events subgraph sees it."""
    variables = {"granteeId": grantee_id, "level": level, "lowerOnly": lower_only}
    await call.gateway.call("setCalendarAccess", _SET_CALENDAR, variables)
