"""Event changes in the change feed, and who hears of them: the visibility rules of queries.

``CREATED`` and ``CHANGED`` name no audience: a subscriber hears of them if they may see the
event as it is now (``Visibility``), or if it was public before the change (it may have just
become private: they learn that it left their view, not what it became). ``DELETED`` names
its audience when the event is deleted (the grants are gone afterwards): everyone for a
public event, else its owner, the users holding a grant to it and the owner's calendar
grantees. A grant given or withdrawn (an invitation, a participation) is a ``CHANGED`` for
its user alone, who hears of it even when the event just left their view.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from enum import StrEnum

from bson import ObjectId

from subgraphs.common import Change, ChangeFeed, Document
from subgraphs.common.auth import Viewer
from subgraphs.common.changes import Recording
from subgraphs.events.access_store import AccessStore
from subgraphs.events.repository import EventRepository
from subgraphs.events.visibility import Visibility


class EventChangeKind(StrEnum):
    CREATED = "CREATED"
    CHANGED = "CHANGED"
    DELETED = "DELETED"


@dataclass(frozen=True)
class SeenChange:
    """A change a subscriber may hear of, with the event as they see it now (None: gone
    from their view)."""

    change: Change
    event: Document | None


class EventChanges:
    def __init__(
        self,
        feed: ChangeFeed,
        repository: EventRepository,
        store: AccessStore,
        visibility: Visibility,
    ) -> None:
        self.feed = feed
        self._repository = repository
        self._store = store
        self._visibility = visibility

    def written(
        self, kind: EventChangeKind, event: Document
    ) -> AbstractAsyncContextManager[Recording]:
        """Record the creation or change of ``event`` (as it was before the write)."""
        return self.feed.recording(
            kind.value,
            {"event": str(event["_id"]), "owner": event["ownerId"]},
            None,
            {"wasPublic": bool(event.get("isPublic"))} if kind is EventChangeKind.CHANGED else {},
        )

    def access_changed(
        self, event: Document, user_id: str
    ) -> AbstractAsyncContextManager[Recording]:
        """Record that ``user_id`` was given or lost a grant to ``event``."""
        return self.feed.recording(
            EventChangeKind.CHANGED.value,
            {"event": str(event["_id"]), "owner": event["ownerId"]},
            {user_id},
            {"accessOf": user_id},
        )

    async def deleting(self, event: Document) -> AbstractAsyncContextManager[Recording]:
        """Record the deletion of ``event``, for those who may see it now."""
        audience: set[str] | None = None
        if not event["isPublic"]:
            audience = {event["ownerId"], *await self._store.audience_of(str(event["_id"]))}
            audience |= set(await self._store.calendar_grantees(event["ownerId"]))
        return self.feed.recording(
            EventChangeKind.DELETED.value,
            {"event": str(event["_id"]), "owner": event["ownerId"]},
            audience,
        )

    async def seen_by(self, viewer: Viewer, after: str | None) -> AsyncIterator[SeenChange]:
        """The changes ``viewer`` may hear of, after the cursor ``after``."""
        async for change in self.feed.stream(after):
            if not change.concerns(viewer.user_id):
                continue
            if change.kind == EventChangeKind.DELETED:
                yield SeenChange(change, None)
                continue
            seen = await self._now(viewer.user_id, change.ids["event"])
            told = change.payload.get("wasPublic") or change.payload.get("accessOf")
            if seen is not None or told:
                yield SeenChange(change, seen)

    async def _now(self, viewer_id: str, event_id: str) -> Document | None:
        found = await self._repository.by_id(ObjectId(event_id))
        if found is None:
            return None
        visible = await self._visibility.visible(viewer_id, [found])
        return visible[0] if visible else None
