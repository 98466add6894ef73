"""Live topics: which router subscription each follows, and the stream's resume id.

A page asks for topics (``invitations``, ``events``, ``participants`` of one event,
``shares``); each is one router subscription. The SSE ``id`` of every forwarded event holds
the cursor of each topic (``events=41;invitations=7``), so a browser that reconnects (it
sends ``Last-Event-ID``) resumes every subscription where it left off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from webapp.live import operations


@dataclass(frozen=True)
class Topic:
    name: str
    document: str
    field: str
    needs_event: bool = False

    def variables(self, cursor: str | None, event_id: str | None) -> dict[str, Any]:
        variables: dict[str, Any] = {"after": cursor}
        if self.needs_event:
            variables["eventId"] = event_id
        return variables


TOPICS: Final = {
    topic.name: topic
    for topic in (
        Topic("invitations", operations.LIVE_INVITATIONS, "invitationChanges"),
        Topic("events", operations.LIVE_EVENTS, "eventChanges"),
        Topic("participants", operations.LIVE_PARTICIPANTS, "participationChanges", True),
        Topic("shares", operations.LIVE_SHARES, "shareChanges"),
    )
}
_CURSOR = re.compile(r"^\d{1,15}$")
SINCE_MARGIN_MS: Final = 2000
_EVENT_ID = re.compile(r"^[0-9a-f]{24}$")


def requested(names: str, event_id: str | None) -> list[Topic]:
    """The known topics among comma-separated ``names`` (``participants`` needs an event)."""
    wanted = {name.strip() for name in names.split(",")}
    valid_event = event_id is not None and _EVENT_ID.match(event_id) is not None
    return [
        topic
        for name, topic in TOPICS.items()
        if name in wanted and (valid_event or not topic.needs_event)
    ]


def since_cursor(rendered_ms: str | None) -> str | None:
    """The cursor of a page rendered at ``rendered_ms`` (epoch milliseconds), with a margin
    for clocks that disagree a little; None when absent or malformed."""
    if rendered_ms is None or not rendered_ms.isdigit() or len(rendered_ms) > 15:
        return None
    return f"t{max(0, int(rendered_ms) - SINCE_MARGIN_MS)}"


def encode_cursors(cursors: Mapping[str, str | None]) -> str:
    return ";".join(f"{name}={cursor}" for name, cursor in sorted(cursors.items()) if cursor)


def decode_cursors(last_event_id: str | None, topics: Iterable[Topic]) -> dict[str, str | None]:
    """Each topic's cursor from a ``Last-Event-ID`` (None: from now on); junk is ignored."""
    known: dict[str, str] = {}
    for part in (last_event_id or "").split(";"):
        name, _, cursor = part.partition("=")
        if name in TOPICS and _CURSOR.match(cursor):
            known[name] = cursor
    return {topic.name: known.get(topic.name) for topic in topics}
