"""Rules that keep the events subgraph's copy of calendar shares in step with calendars
(durable writes keyed by (owner, grantee)).

Restrictions are applied before the share changes and widenings after it, so an interrupted
write never shows more than the shares allow; the reconciler finishes it.
"""

from __future__ import annotations

from middleman.access import mirror_calendar
from middleman.guests import user_exists
from router.rules import Durable, IntentFinished, Planned, Rule, RuleCall

_SHARE = """mutation MiddlemanShare($granteeId: ID!, $level: ShareLevel!) {
  shareCalendar(granteeId: $granteeId, level: $level) { level }
}"""
_REVOKE = "mutation MiddlemanRevokeShare($granteeId: ID!) { revokeShare(granteeId: $granteeId) }"


async def _plan(call: RuleCall) -> Planned:
    arguments = {key: str(value) for key, value in call.arguments.items()}
    return Planned(arguments, f"share:{call.caller_id}:{arguments['granteeId']}")


async def _restrict_first(call: RuleCall) -> None:
    await mirror_calendar(
        call, call.arguments["granteeId"], call.arguments["level"], lower_only=True
    )


async def _replay_share(call: RuleCall) -> None:
    variables = {"granteeId": call.arguments["granteeId"], "level": call.arguments["level"]}
    await call.gateway.call("shareCalendar", _SHARE, variables)


async def _hide(call: RuleCall) -> None:
    await mirror_calendar(call, call.arguments["granteeId"], None)


async def _replay_revoke(call: RuleCall) -> None:
    await call.gateway.call("revokeShare", _REVOKE, {"granteeId": call.arguments["granteeId"]})


async def _widen_if_both_exist(call: RuleCall) -> None:
    """Write, then verify: a share with an account deleted meanwhile is revoked again."""
    await mirror_calendar(call, call.arguments["granteeId"], call.arguments["level"])
    grantee = call.arguments["granteeId"]
    if await user_exists(call, grantee) and await user_exists(call, call.caller_id):
        return
    await _hide(call)
    await _replay_revoke(call)
    raise IntentFinished


SHARE_MIRRORS_LEVEL = Rule(
    name="share-mirrors-level",
    field="shareCalendar",
    description="The grantee sees the owner's private events at the shared level.",
    durable=Durable(
        prepare=_plan,
        before=(_restrict_first,),
        replay=_replay_share,
        after=(_widen_if_both_exist,),
    ),
)


REVOKE_HIDES_CALENDAR = Rule(
    name="revoke-hides-calendar",
    field="revokeShare",
    description="Revoking a share first hides the owner's private events from the grantee.",
    durable=Durable(prepare=_plan, before=(_hide,), replay=_replay_revoke),
)
