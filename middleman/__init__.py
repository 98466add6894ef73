"""The calendar's named cross-service rules, applied by the router.

Configured with ``ROUTER_RULES=middleman:RULES``.

Each rule guards one root mutation field. Rules that only need one subgraph's own data live in
that subgraph (e.g. "never invite yourself", "only the invitee answers"); the rules here need
data or writes of two subgraphs. See ``middleman/README.md`` for the list and the ordering of
every write that spans two subgraphs.
"""

from middleman.events import DELETE_EVENT_CLEANS_UP
from middleman.invitations import (
    ANSWER_SETS_PARTICIPATION,
    CANCEL_HIDES_EVENT,
    INVITE_OWN_EVENTS_ONLY,
    INVITEE_SEES_EVENT,
)
from middleman.participations import JOIN_PUBLIC_OR_INVITED, JOINER_SEES_EVENT, LEAVER_LOSES_EVENT
from middleman.sharing import REVOKE_HIDES_CALENDAR, SHARE_MIRRORS_LEVEL
from router.rules import Rule

RULES: tuple[Rule, ...] = (
    INVITE_OWN_EVENTS_ONLY,
    INVITEE_SEES_EVENT,
    CANCEL_HIDES_EVENT,
    ANSWER_SETS_PARTICIPATION,
    JOIN_PUBLIC_OR_INVITED,
    JOINER_SEES_EVENT,
    LEAVER_LOSES_EVENT,
    SHARE_MIRRORS_LEVEL,
    REVOKE_HIDES_CALENDAR,
    DELETE_EVENT_CLEANS_UP,
)

__all__ = ["RULES"]
