"""Importing events from a calendar file (parsed by the client): every event is validated
before any is stored, and events whose ``UID`` the owner already has are skipped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from subgraphs.common import BadUserInput, Document, utc_now, validation
from subgraphs.events.drafts import EventDraft, new_document
from subgraphs.events.inputs import valid_description, valid_times, valid_title
from subgraphs.events.recurrence import Override, series_of
from subgraphs.events.repository import EventRepository
from subgraphs.events.series_fields import with_recurrence

MAX_IMPORTED = 500
MAX_UID_LENGTH = 255


@dataclass(kw_only=True)
class ImportedOverride:
    """One changed occurrence (``RECURRENCE-ID``); ``None``: as the series."""

    recurrence_id: datetime
    title: str | None = None
    description: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None


@dataclass(kw_only=True)
class ImportedEvent(EventDraft):
    """An event of a calendar file: the fields of a new event, its ``UID`` and overrides."""

    uid: str
    overrides: Sequence[ImportedOverride] | None = None


@dataclass(frozen=True)
class ImportOutcome:
    created: list[Document]
    skipped_uids: list[str]  # already in the owner's calendar (or twice in the file)


class EventImports:
    def __init__(self, repository: EventRepository) -> None:
        self._repository = repository

    async def existing_uids(self, owner_id: str, uids: Sequence[str]) -> list[str]:
        if len(uids) > MAX_IMPORTED:
            raise BadUserInput("uids", f"Ask for at most {MAX_IMPORTED} UIDs at once.")
        found = await self._repository.uids_of(owner_id, list(uids))
        return [uid for uid in uids if uid in found]

    async def run(self, owner_id: str, events: Sequence[ImportedEvent]) -> ImportOutcome:
        if not events or len(events) > MAX_IMPORTED:
            raise BadUserInput("events", f"Import from 1 to {MAX_IMPORTED} events at once.")
        now = utc_now()
        documents: dict[str, Document] = {}
        skipped: list[str] = []
        for index, event in enumerate(events):
            document = _validated(owner_id, event, index, now)
            if document["uid"] in documents:
                skipped.append(document["uid"])
            else:
                documents[document["uid"]] = document
        existing = await self._repository.uids_of(owner_id, list(documents))
        skipped.extend(uid for uid in documents if uid in existing)
        created = [
            await self._repository.insert(document)
            for uid, document in documents.items()
            if uid not in existing
        ]
        return ImportOutcome(created, skipped)


def _validated(owner_id: str, event: ImportedEvent, index: int, now: datetime) -> Document:
    """The new document of the ``index``-th event; BAD_USER_INPUT naming the event."""
    try:
        uid = validation.text(event.uid, "uid", max_length=MAX_UID_LENGTH)
        document = {**new_document(owner_id, event, now), "uid": uid}
        if event.overrides:
            document.update(_with_overrides(document, event.overrides))
        return document
    except BadUserInput as error:
        field = f"events.{index}.{(error.extensions or {}).get('field')}"
        raise BadUserInput(field, f"Event {index + 1} ({event.title!r}): {error.message}") from None


def _with_overrides(document: Document, overrides: Sequence[ImportedOverride]) -> Document:
    series = series_of(document)
    if series is None:
        raise BadUserInput("overrides", "Only a repeating event has changed occurrences.")
    length = document["endsAt"] - document["startsAt"]
    stored = []
    for item in overrides:
        at = validation.aware_utc(item.recurrence_id, "recurrenceId")
        if not series.occurs_at(at):
            raise BadUserInput(
                "overrides", f"The series has no occurrence at {at:%Y-%m-%d %H:%M} UTC."
            )
        start = item.starts_at or at
        start, end = valid_times(start, item.ends_at or start + length, blame="endsAt")
        override = Override(
            at,
            None if start == at else start,
            None if end == at + length else end,
            None if item.title is None else valid_title(item.title),
            None if item.description is None else valid_description(item.description),
        )
        stored.append(override.to_document())
    return with_recurrence(document, {**document["recurrence"], "overrides": stored})
