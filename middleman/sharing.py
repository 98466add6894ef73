"""Rules that keep the events subgraph's copy of calendar shares in step with calendars.

Restrictions are applied before the share changes and widenings after it, so a failure in
between never shows more than the shares allow; repeating the mutation converges.
"""

from __future__ import annotations

from middleman.access import mirror_calendar
from middleman.follow_up import follow_up
from router.rules import Rule, RuleCall


async def _restrict_first(call: RuleCall) -> None:
    await mirror_calendar(
        call, call.arguments["granteeId"], call.arguments["level"], lower_only=True
    )


async def _widen(call: RuleCall) -> None:
    await mirror_calendar(call, call.arguments["granteeId"], call.arguments["level"])


SHARE_MIRRORS_LEVEL = Rule(
    name="share-mirrors-level",
    field="shareCalendar",
    description="The grantee sees the owner's private events at the shared level.",
    before=_restrict_first,
    after=follow_up(_widen, done="The share is saved", retry="share again so that it takes effect"),
)


async def _hide_first(call: RuleCall) -> None:
    await mirror_calendar(call, call.arguments["granteeId"], None)


REVOKE_HIDES_CALENDAR = Rule(
    name="revoke-hides-calendar",
    field="revokeShare",
    description="Revoking a share first hides the owner's private events from the grantee.",
    before=_hide_first,
)
