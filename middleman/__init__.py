"""The calendar's named cross-service rules, applied by the router.

Configured with ``ROUTER_RULES=middleman:RULES``.

Each rule guards one root mutation field. Rules that only need one subgraph's own data live in
that subgraph (e.g. "never invite yourself", "only the invitee answers"); the rules here need
data or writes of several subgraphs, declared as durable writes the router records and its
reconciler finishes. See ``middleman/README.md`` for the invariants they keep.
"""

from middleman.accounts import DELETE_ACCOUNT_REMOVES_DATA
from middleman.events import CREATOR_EXISTS, DELETE_EVENT_CLEANS_UP
from middleman.invitations import (
    ANSWER_SETS_PARTICIPATION,
    CANCEL_REMOVES_GUEST,
    INVITE_OWN_EVENTS_ONLY,
    INVITEE_SEES_EVENT,
)
from middleman.participations import (
    JOIN_PUBLIC_OR_INVITED,
    JOINER_SEES_EVENT,
    LEAVER_DECLINES,
    REMOVED_PARTICIPANT_LEAVES,
)
from middleman.sharing import REVOKE_HIDES_CALENDAR, SHARE_MIRRORS_LEVEL
from router.rules import Rule

RULES: tuple[Rule, ...] = (
    INVITE_OWN_EVENTS_ONLY,
    INVITEE_SEES_EVENT,
    CANCEL_REMOVES_GUEST,
    ANSWER_SETS_PARTICIPATION,
    JOIN_PUBLIC_OR_INVITED,
    JOINER_SEES_EVENT,
    LEAVER_DECLINES,
    REMOVED_PARTICIPANT_LEAVES,
    SHARE_MIRRORS_LEVEL,
    REVOKE_HIDES_CALENDAR,
    DELETE_EVENT_CLEANS_UP,
    CREATOR_EXISTS,
    DELETE_ACCOUNT_REMOVES_DATA,
)

__all__ = ["RULES"]
