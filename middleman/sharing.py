"""Rules that keep the events subgraph's copy of calendar shares in step with calendars.

Restrictions are applied before the share changes and widenings after it, so a failure in
between never shows more than the shares allow; repeating the mutation converges.
"""

from __future__ import annotations

from middleman.access import mirror_calendar, unfinished
from router.rules import FieldOutcome, Rule, RuleCall, RuleViolation


async def _restrict_first(call: RuleCall) -> None:
    await mirror_calendar(
        call, call.arguments["granteeId"], call.arguments["level"], lower_only=True
    )


async def _widen_after(call: RuleCall, outcome: FieldOutcome) -> None:
    if not outcome.succeeded:
        return
    try:
        await mirror_calendar(call, call.arguments["granteeId"], call.arguments["level"])
    except RuleViolation as violation:
        raise unfinished(
            violation, "The share is saved", "share again so that it takes effect"
        ) from violation


SHARE_MIRRORS_LEVEL = Rule(
    name="share-mirrors-level",
    field="shareCalendar",
    description="The grantee sees the owner's private events at the shared level.",
    before=_restrict_first,
    after=_widen_after,
)


async def _hide_first(call: RuleCall) -> None:
    await mirror_calendar(call, call.arguments["granteeId"], None)


REVOKE_HIDES_CALENDAR = Rule(
    name="revoke-hides-calendar",
    field="revokeShare",
    description="Revoking a share first hides the owner's private events from the grantee.",
    before=_hide_first,
)
