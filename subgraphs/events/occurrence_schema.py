"""GraphQL types of repeating events: the recurrence of an event, its occurrences, and the
inputs of occurrence edits (the fields using them are in ``schema``)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from subgraphs.common import Document
from subgraphs.events.occurrences import OccurrenceRecord
from subgraphs.events.recurrence import Override
from subgraphs.events.series_edits import OccurrencePatch, RecurrenceScope
from subgraphs.events.visibility import ACCESS_KEY, EventAccess

if TYPE_CHECKING:
    from subgraphs.events.schema import Event

LazyEvent = Annotated["Event", strawberry.lazy("subgraphs.events.schema")]

EventAccessType = strawberry.enum(
    EventAccess,
    description="How much of an event the caller sees: FULL, or FREE_BUSY (times only, "
    "through a free/busy share of the owner's calendar).",
)
RecurrenceScopeType = strawberry.enum(
    RecurrenceScope,
    description="THIS occurrence, THIS_AND_FOLLOWING (the series splits there) or ALL.",
)


@strawberry.type(description="What one occurrence of a series changes (null: as the series).")
class OccurrenceOverride:
    recurrence_id: datetime = strawberry.field(description="The start the rule gives it.")
    starts_at: datetime | None
    ends_at: datetime | None
    title: str | None
    description: str | None

    @classmethod
    def of(cls, override: Override, *, full: bool) -> OccurrenceOverride:
        return cls(
            recurrence_id=override.recurrence_id,
            starts_at=override.starts_at,
            ends_at=override.ends_at,
            title=override.title if full else None,
            description=override.description if full else None,
        )


@strawberry.type(description="How an event repeats (RFC 5545).")
class Recurrence:
    rule: str = strawberry.field(description="The RRULE value, e.g. FREQ=WEEKLY;BYDAY=MO,WE.")
    excluded_dates: list[datetime] = strawberry.field(description="EXDATE: starts left out.")
    overrides: list[OccurrenceOverride] = strawberry.field(
        description="Occurrences changed on their own (RECURRENCE-ID)."
    )

    @classmethod
    def of(cls, event: Document) -> Recurrence | None:
        recurrence = event.get("recurrence")
        if not recurrence:
            return None
        full = event[ACCESS_KEY] is EventAccess.FULL
        return cls(
            rule=recurrence["rule"],
            excluded_dates=list(recurrence.get("exdates", [])),
            overrides=[
                OccurrenceOverride.of(Override.from_document(item), full=full)
                for item in recurrence.get("overrides", [])
            ],
        )


@strawberry.type(description="One occurrence of an event: a single event, or one of a series.")
class Occurrence:
    id: strawberry.ID = strawberry.field(description="The event id, and the recurrenceId if any.")
    event: LazyEvent = strawberry.field(description="The event (the series) it belongs to.")
    event_id: strawberry.ID = strawberry.field(description="The id of that event.")
    recurrence_id: datetime | None = strawberry.field(
        description="Which occurrence of the series (null for a single event)."
    )
    starts_at: datetime
    ends_at: datetime
    title: str | None = strawberry.field(description="Null when the caller sees free/busy only.")
    description: str | None = strawberry.field(
        description="Null when the caller sees free/busy only."
    )
    access: EventAccess
    is_public: bool
    time_zone: str
    all_day: bool
    overridden_fields: list[str] = strawberry.field(
        description="Fields this occurrence changes from its series (title, startsAt, …)."
    )

    @classmethod
    def of(cls, record: OccurrenceRecord, event: Event) -> Occurrence:
        document = record.event
        full = document[ACCESS_KEY] is EventAccess.FULL
        rid = record.recurrence_id
        return cls(
            id=strawberry.ID(
                f"{document['_id']}" + ("" if rid is None else f"@{rid:%Y%m%dT%H%M%SZ}")
            ),
            event=event,
            event_id=strawberry.ID(str(document["_id"])),
            recurrence_id=rid,
            starts_at=record.starts_at,
            ends_at=record.ends_at,
            title=record.field("title") if full else None,
            description=record.field("description") if full else None,
            access=document[ACCESS_KEY],
            is_public=document["isPublic"],
            time_zone=document["timeZone"],
            all_day=document["allDay"],
            overridden_fields=record.overridden if full else [],
        )


@strawberry.input(description="Changes to occurrences; omitted or null fields stay unchanged.")
class OccurrenceInput(OccurrencePatch):
    """The fields of :class:`OccurrencePatch`."""
