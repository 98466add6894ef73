"""Editing and deleting occurrences of a series: this one (an override or an excluded date),
this and following (the series splits: the old one ends before it, a new one starts there),
or all of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Any

from subgraphs.common import (
    BadUserInput,
    Conflict,
    Document,
    NotFound,
    new_id,
    utc_now,
    validation,
)
from subgraphs.events.access_store import AccessStore
from subgraphs.events.changes import EventChangeKind
from subgraphs.events.inputs import valid_description, valid_times, valid_title
from subgraphs.events.recurrence import Override, Series, series_of
from subgraphs.events.repository import EventRepository
from subgraphs.events.series_fields import series_fields, with_recurrence
from subgraphs.events.visibility import EventAccess, with_access

if TYPE_CHECKING:
    from subgraphs.events.service import EventsService


class RecurrenceScope(Enum):
    """Which occurrences of a series an edit or a deletion applies to."""

    THIS = "THIS"
    THIS_AND_FOLLOWING = "THIS_AND_FOLLOWING"
    ALL = "ALL"


@dataclass(kw_only=True)
class OccurrencePatch:
    """Changes to occurrences (``OccurrenceInput`` extends it); ``None`` keeps a field."""

    title: str | None = None
    description: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None


@dataclass(frozen=True)
class _Target:
    event: Document
    series: Series
    at: datetime  # the occurrence's recurrence id


class SeriesEdits:
    def __init__(
        self, repository: EventRepository, store: AccessStore, events: EventsService
    ) -> None:
        self._repository = repository
        self._store = store
        self._events = events

    async def update(
        self,
        viewer_id: str,
        event_id: str,
        recurrence_id: datetime,
        scope: RecurrenceScope,
        patch: OccurrencePatch,
    ) -> Document:
        """The changed series (for THIS_AND_FOLLOWING: the new one)."""
        target = await self._target(viewer_id, event_id, recurrence_id)
        if scope is RecurrenceScope.THIS:
            return await self._override(target, patch)
        if scope is RecurrenceScope.ALL or target.at == target.event["startsAt"]:
            return await self._save(target.event, _edited_series(target, patch))
        return await self._split(target, patch)

    async def delete(
        self, viewer_id: str, event_id: str, recurrence_id: datetime, scope: RecurrenceScope
    ) -> str:
        """Delete occurrences; the series' id (the whole series goes for ALL, or for THIS
        AND FOLLOWING from its first occurrence)."""
        target = await self._target(viewer_id, event_id, recurrence_id)
        first = target.at == target.event["startsAt"]
        if scope is RecurrenceScope.ALL or (scope is RecurrenceScope.THIS_AND_FOLLOWING and first):
            return await self._events.delete(viewer_id, event_id)
        if scope is RecurrenceScope.THIS:
            recurrence = _recurrence(target.event)
            recurrence["exdates"] = sorted({*recurrence["exdates"], target.at})
            recurrence["overrides"] = _overrides(target.event, lambda at: at != target.at)
            await self._save(target.event, with_recurrence(target.event, recurrence))
        else:
            await self._save(target.event, _ended_before(target))
        return str(target.event["_id"])

    async def _target(self, viewer_id: str, event_id: str, recurrence_id: datetime) -> _Target:
        event = await self._events.owned_event(viewer_id, event_id)
        series = series_of(event)
        if series is None:
            raise BadUserInput("id", "This event does not repeat; edit or delete the event.")
        at = validation.aware_utc(recurrence_id, "recurrenceId")
        if not series.occurs_at(at):
            raise NotFound("The series has no occurrence at this recurrenceId.")
        return _Target(event, series, at)

    async def _override(self, target: _Target, patch: OccurrencePatch) -> Document:
        current = target.series.overrides.get(target.at, Override(target.at))
        start = patch.starts_at or current.starts_at or target.at
        end = patch.ends_at or current.ends_at or start + _length(target.event)
        start, end = _valid_times(start, end, patch)
        override = Override(
            target.at,
            None if start == target.at else start,
            None if end == target.at + _length(target.event) else end,
            valid_title(patch.title) if patch.title is not None else current.title,
            valid_description(patch.description)
            if patch.description is not None
            else current.description,
        )
        recurrence = _recurrence(target.event)
        recurrence["overrides"] = [
            *_overrides(target.event, lambda at: at != target.at),
            override.to_document(),
        ]
        return await self._save(target.event, with_recurrence(target.event, recurrence))

    async def _split(self, target: _Target, patch: OccurrencePatch) -> Document:
        now = utc_now()
        _, following = target.series.split(target.at)
        event = target.event
        fields: Document = {
            key: value for key, value in event.items() if key not in ("_id", "version")
        }
        fields.update(startsAt=target.at, endsAt=target.at + _length(event))
        fields.update(createdAt=now, updatedAt=now, version=1, splitFrom=str(event["_id"]))
        fields["recurrence"] = {
            "rule": following.text(),
            "exdates": [day for day in _recurrence(event)["exdates"] if day > target.at],
            "overrides": _overrides(event, lambda at: at > target.at),
        }
        fields.update(_edited_series(_Target(fields, target.series, target.at), patch))
        fields["_id"] = new_id()
        async with self._events.changes.written(EventChangeKind.CREATED, fields):
            created = await self._repository.insert(fields)
        try:
            await self._save(event, _ended_before(target))
        except Conflict:
            async with await self._events.changes.deleting(created):
                await self._repository.delete(created["_id"], event["ownerId"])
            raise
        # Invitees and participants of the series see its continuation too.
        await self._store.copy_grants(str(event["_id"]), str(created["_id"]))
        return with_access(created, EventAccess.FULL)

    async def _save(self, event: Document, changes: Document) -> Document:
        changes = {**changes, "updatedAt": utc_now()}
        async with self._events.changes.written(EventChangeKind.CHANGED, event):
            updated = await self._repository.update(
                event["_id"], event["ownerId"], event["version"], changes
            )
            if updated is None:
                raise Conflict("The event changed or was deleted meanwhile; reload and retry.")
        return with_access(updated, EventAccess.FULL)


def _recurrence(event: Document) -> dict[str, Any]:
    recurrence = event["recurrence"]
    return {
        "rule": recurrence["rule"],
        "exdates": list(recurrence.get("exdates", [])),
        "overrides": list(recurrence.get("overrides", [])),
    }


def _overrides(event: Document, keep: Any) -> list[Document]:
    return [item for item in event["recurrence"].get("overrides", []) if keep(item["recurrenceId"])]


def _length(event: Document) -> timedelta:
    length: timedelta = event["endsAt"] - event["startsAt"]
    return length


def _ended_before(target: _Target) -> Document:
    """The old series of a split: its rule ends before ``target.at``."""
    ending, _ = target.series.split(target.at)
    recurrence = _recurrence(target.event)
    recurrence["rule"] = ending.text()
    recurrence["exdates"] = [day for day in recurrence["exdates"] if day < target.at]
    recurrence["overrides"] = _overrides(target.event, lambda at: at < target.at)
    return with_recurrence(target.event, recurrence)


def _edited_series(target: _Target, patch: OccurrencePatch) -> Document:
    """Series changes from an edit of occurrence ``target.at``: title and description as
    given; new times move the whole series by as much (excluded dates and overrides too)."""
    event = target.event
    changes: Document = {}
    if patch.title is not None:
        changes["title"] = valid_title(patch.title)
    if patch.description is not None:
        changes["description"] = valid_description(patch.description)
    if patch.starts_at is None and patch.ends_at is None:
        return changes
    start = patch.starts_at or target.at
    end = patch.ends_at or start + _length(event)
    start, end = _valid_times(start, end, patch)
    shift = start - target.at
    recurrence = _recurrence(event)
    recurrence["exdates"] = [day + shift for day in recurrence["exdates"]]
    recurrence["overrides"] = [
        {**item, "recurrenceId": item["recurrenceId"] + shift} for item in recurrence["overrides"]
    ]
    moved = {**event, "startsAt": event["startsAt"] + shift}
    moved["endsAt"] = moved["startsAt"] + (end - start)
    moved["recurrence"] = recurrence
    changes.update(startsAt=moved["startsAt"], endsAt=moved["endsAt"])
    changes.update(series_fields(moved, None, None))
    return changes


def _valid_times(
    start: datetime, end: datetime, patch: OccurrencePatch
) -> tuple[datetime, datetime]:
    return valid_times(start, end, blame="endsAt" if patch.ends_at is not None else "startsAt")
