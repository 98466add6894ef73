"""GraphQL schema of the events subgraph: the ``Event`` entity and ``User.events``."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from datetime import datetime
from functools import partial
from typing import Annotated, Any

import strawberry

from subgraphs.common import (
    BadUserInput,
    Connection,
    Document,
    EntityStub,
    PageRequest,
    RequestLoader,
    SubgraphContext,
    assumed_size,
    authenticated_field,
    authenticated_mutation,
    authenticated_subscription,
    build_schema,
    described_field,
    internal_mutation,
    maybe,
    object_id,
    paginated,
    to_connection,
)
from subgraphs.events.access_store import AccessReason, CalendarLevel
from subgraphs.events.changes import EventChangeKind, SeenChange
from subgraphs.events.drafts import EventDraft
from subgraphs.events.free_busy import MAX_PEOPLE
from subgraphs.events.free_busy_schema import FreeBusy
from subgraphs.events.imports import MAX_IMPORTED, ImportedEvent, ImportedOverride
from subgraphs.events.occurrence_schema import (  # registers EventAccess, RecurrenceScope
    Occurrence,
    OccurrenceInput,
    Recurrence,
)
from subgraphs.events.occurrences import MAX_EVENTS, MAX_PAGE, checked_range, expand, page_of
from subgraphs.events.occurrences import too_many as too_many_occurrences
from subgraphs.events.ranges import time_range
from subgraphs.events.series_edits import RecurrenceScope
from subgraphs.events.service import EventPatch, EventsService
from subgraphs.events.visibility import ACCESS_KEY, EventAccess, with_access

Info = strawberry.Info[SubgraphContext[EventsService], None]
MAX_IDS = 300  # events per occurrencesOf request
From = Annotated[
    datetime | None,
    strawberry.argument(name="from", description="Only events ending after this instant."),
]
To = Annotated[
    datetime | None, strawberry.argument(description="Only events starting before this instant.")
]
type Calendar = Callable[..., Awaitable[Connection[Event] | None]]

_VISIBLE: RequestLoader[EventsService, str, Document | None] = RequestLoader(
    "visible_events_by_id",
    lambda context: partial(context.services.visible_events_by_ids, context.user_id),
)


def _calendar(owner: Callable[[Any, Info], str]) -> Calendar:
    """A resolver of ``owner``'s events that the caller may see, overlapping [from, to)."""

    async def events(
        root: Any,
        info: Info,
        from_: From = None,
        to: To = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Event] | None:
        owner_id = owner(root, info)
        listing = await info.context.services.events_of(
            info.context.user_id, owner_id, time_range(from_, to), first, after
        )
        return to_connection(listing, Event.from_document)

    return events


type Occurrences = Callable[..., Awaitable[Connection[Occurrence]]]


def _occurrences(owner: Callable[[Any, Info], str]) -> Occurrences:
    """A resolver of the occurrences in [from, to) of ``owner``'s events the caller may see
    (series expanded in their own zone), in start order."""

    async def occurrences(
        root: Any,
        info: Info,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
        first: int = 100,
        after: str | None = None,
    ) -> Connection[Occurrence]:
        window = time_range(from_, to)
        start, end = checked_range(window)
        page = PageRequest.parse(first, after, maximum=MAX_PAGE)
        events = await info.context.services.calendar_candidates(
            info.context.user_id, owner(root, info), window, limit=MAX_EVENTS + 1
        )
        if len(events) > MAX_EVENTS:
            raise too_many_occurrences()
        listing = page_of(expand(events, start, end), page)
        return to_connection(
            listing, lambda record: Occurrence.of(record, Event.from_document(record.event))
        )

    return occurrences


@strawberry.federation.type(keys=["id"], description="A person; owned by the users subgraph.")
class User(EntityStub):
    events = paginated(
        described_field("This user's events that the caller may see, in start order.")(
            _calendar(lambda user, _: str(user.id))
        )
    )
    occurrences = paginated(
        described_field(
            "Occurrences in [from, to) of this user's events that the caller may see: series "
            f"expanded, in start order (first at most {MAX_PAGE})."
        )(_occurrences(lambda user, _: str(user.id)))
    )


AccessReasonType = strawberry.federation.enum(
    AccessReason, inaccessible=True, description="Why a user may see a private event."
)
CalendarLevelType = strawberry.federation.enum(
    CalendarLevel, inaccessible=True, description="A calendar share's level."
)


@strawberry.federation.type(keys=["id"], description="Something happening at a time.")
class Event:
    id: strawberry.ID
    title: str | None = strawberry.field(
        description="Null when the caller sees only free/busy times."
    )
    description: str | None = strawberry.field(
        description="Null when the caller sees only free/busy times."
    )
    access: EventAccess = strawberry.field(
        description="FULL, or FREE_BUSY when the caller sees only the event's times."
    )
    is_public: bool
    starts_at: datetime
    ends_at: datetime
    time_zone: str = strawberry.field(description="IANA time zone the event is planned in.")
    all_day: bool
    owner: User | None = strawberry.field(
        description="Who owns the event; null once their account is gone."
    )
    created_at: datetime
    updated_at: datetime
    recurrence: Recurrence | None = strawberry.field(
        description="How the event repeats; null for a single event."
    )
    uid: str | None = strawberry.field(
        description="The iCalendar UID it was imported with; null for events made here."
    )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Event | None:
        return maybe(cls.from_document, await _VISIBLE.of(info.context).load(str(id)))

    @classmethod
    def from_document(cls, document: Document) -> Event:
        access: EventAccess = document[ACCESS_KEY]
        full = access is EventAccess.FULL
        return cls(
            id=strawberry.ID(str(document["_id"])),
            title=document["title"] if full else None,
            description=document["description"] if full else None,
            access=access,
            is_public=document["isPublic"],
            starts_at=document["startsAt"],
            ends_at=document["endsAt"],
            time_zone=document["timeZone"],
            all_day=document["allDay"],
            owner=User.of(document["ownerId"]),
            created_at=document["createdAt"],
            updated_at=document["updatedAt"],
            recurrence=Recurrence.of(document),
            uid=document.get("uid"),
        )


strawberry.enum(
    EventChangeKind,
    description="CREATED, CHANGED (its fields, or whether the caller may see it) or DELETED.",
)


@strawberry.type(description="A change to an event the subscriber may see.")
class EventChange:
    kind: EventChangeKind
    cursor: str = strawberry.field(
        description="Pass as `after` to resume the subscription after this change."
    )
    event_id: strawberry.ID
    event: Event | None = strawberry.field(
        description="The event as the subscriber sees it now; null once deleted or hidden."
    )

    @classmethod
    def of(cls, seen: SeenChange) -> EventChange:
        change = seen.change
        return cls(
            kind=EventChangeKind(change.kind),
            cursor=change.cursor,
            event_id=strawberry.ID(change.ids["event"]),
            event=maybe(Event.from_document, seen.event),
        )


@strawberry.type
class Subscription:
    @authenticated_subscription(
        "Events the caller may see (same rules as `event`) as they are created, changed "
        "and deleted; `after`: a change's cursor (resume after it) "
        "or t<epoch ms> (the changes since)."
    )
    async def event_changes(
        self, info: Info, after: str | None = None
    ) -> AsyncGenerator[EventChange]:
        viewer = info.context.require_viewer()
        async for seen in info.context.services.changes.seen_by(viewer, after):
            yield EventChange.of(seen)


@strawberry.input
class CreateEventInput(EventDraft):
    """The fields (and defaults) of :class:`EventDraft`."""


@strawberry.input(description="Omitted or null fields stay unchanged.")
class UpdateEventInput(EventPatch):
    """The fields of :class:`EventPatch`."""


@strawberry.input(description="A changed occurrence of an imported series (RECURRENCE-ID).")
class ImportedOverrideInput(ImportedOverride):
    """The fields of :class:`ImportedOverride`."""


@strawberry.input(description="An event of a calendar file, with its UID.")
class ImportEventInput(ImportedEvent):
    """The fields of :class:`ImportedEvent`."""

    overrides: list[ImportedOverrideInput] | None = None


@strawberry.type(description="What an import stored and what it skipped.")
class ImportEventsResult:
    created: list[Event]
    skipped_uids: list[str] = strawberry.field(
        description="UIDs already in the calendar (or twice in the file): not imported again."
    )


@strawberry.type
class Query:
    @described_field("An event, if it exists and the caller may see it.")
    async def event(self, info: Info, id: strawberry.ID) -> Event | None:
        object_id(str(id), "id")
        return maybe(Event.from_document, await _VISIBLE.of(info.context).load(str(id)))

    my_events = paginated(
        authenticated_field("The caller's events overlapping [from, to), in start order.")(
            _calendar(lambda _, info: info.context.require_viewer().user_id)
        )
    )

    @assumed_size(MAX_IMPORTED)
    @authenticated_field("Which of these iCalendar UIDs the caller's events already have.")
    async def my_imported_uids(self, info: Info, uids: list[str]) -> list[str]:
        viewer = info.context.require_viewer()
        return await info.context.services.imports.existing_uids(viewer.user_id, uids)

    @assumed_size(MAX_PEOPLE)
    @authenticated_field(
        "When these people are busy in [from, to) (at most 62 days): their own events and "
        "those they take part in, for people who share at least free/busy times with you, "
        "and you; everyone else is UNKNOWN."
    )
    async def free_busy(
        self,
        info: Info,
        user_ids: list[strawberry.ID],
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
    ) -> list[FreeBusy]:
        viewer = info.context.require_viewer()
        found = await info.context.services.free_busy.of(
            viewer.user_id, [str(u) for u in user_ids], time_range(from_, to)
        )
        return [FreeBusy.of(item) for item in found]

    @paginated
    @described_field(
        f"Occurrences in [from, to) of these events (at most {MAX_IDS}) that the caller may "
        "see: series expanded, in start order (e.g. the events one takes part in)."
    )
    async def occurrences_of(
        self,
        info: Info,
        event_ids: list[strawberry.ID],
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
        first: int = 100,
        after: str | None = None,
    ) -> Connection[Occurrence]:
        if len(event_ids) > MAX_IDS:
            raise BadUserInput("eventIds", f"Ask for at most {MAX_IDS} events at once.")
        window = time_range(from_, to)
        start, end = checked_range(window)
        page = PageRequest.parse(first, after, maximum=MAX_PAGE)
        found = await _VISIBLE.of(info.context).load_many([str(i) for i in event_ids])
        events = [event for event in found if event is not None]
        listing = page_of(expand(events, start, end), page)
        return to_connection(
            listing, lambda record: Occurrence.of(record, Event.from_document(record.event))
        )

    my_occurrences = paginated(
        authenticated_field(
            "The caller's occurrences in [from, to): series expanded in their own zone, in "
            f"start order (first at most {MAX_PAGE})."
        )(_occurrences(lambda _, info: info.context.require_viewer().user_id))
    )

    @paginated
    @described_field("Public events whose title contains search (case-insensitive).")
    async def public_events(
        self,
        info: Info,
        search: str | None = None,
        from_: From = None,
        to: To = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Event] | None:
        listing = await info.context.services.public_events(
            search, time_range(from_, to), first, after
        )
        return to_connection(listing, Event.from_document)


@strawberry.type
class Mutation:
    @authenticated_mutation("Create an event owned by the caller.")
    async def create_event(self, info: Info, input: CreateEventInput) -> Event:
        viewer = info.context.require_viewer()
        return Event.from_document(await info.context.services.create(viewer.user_id, input))

    @authenticated_mutation("Change some fields of an event you own.")
    async def update_event(self, info: Info, id: strawberry.ID, input: UpdateEventInput) -> Event:
        viewer = info.context.require_viewer()
        updated = await info.context.services.update(viewer.user_id, str(id), input)
        return Event.from_document(updated)

    @authenticated_mutation("Delete an event you own; returns its id.")
    async def delete_event(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        viewer = info.context.require_viewer()
        return strawberry.ID(await info.context.services.delete(viewer.user_id, str(id)))

    @authenticated_mutation(
        "Import events of a calendar file: all are checked before any is stored; UIDs "
        "already in the caller's calendar are skipped."
    )
    async def import_events(self, info: Info, events: list[ImportEventInput]) -> ImportEventsResult:
        viewer = info.context.require_viewer()
        outcome = await info.context.services.imports.run(viewer.user_id, events)
        return ImportEventsResult(
            created=[
                Event.from_document(with_access(d, EventAccess.FULL)) for d in outcome.created
            ],
            skipped_uids=outcome.skipped_uids,
        )

    @authenticated_mutation(
        "Change occurrences of a series you own: THIS one, THIS_AND_FOLLOWING (returns the new "
        "series that starts there) or ALL (new times move the whole series)."
    )
    async def update_occurrence(
        self,
        info: Info,
        id: strawberry.ID,
        recurrence_id: datetime,
        scope: RecurrenceScope,
        input: OccurrenceInput,
    ) -> Event:
        viewer = info.context.require_viewer()
        updated = await info.context.services.series.update(
            viewer.user_id, str(id), recurrence_id, scope, input
        )
        return Event.from_document(updated)

    @authenticated_mutation(
        "Delete occurrences of a series you own (THIS, THIS_AND_FOLLOWING or ALL); returns "
        "the series id."
    )
    async def delete_occurrence(
        self, info: Info, id: strawberry.ID, recurrence_id: datetime, scope: RecurrenceScope
    ) -> strawberry.ID:
        viewer = info.context.require_viewer()
        return strawberry.ID(
            await info.context.services.series.delete(viewer.user_id, str(id), recurrence_id, scope)
        )

    @authenticated_mutation(
        "Remove a participant (or invitee) from an event you own: their participation, their "
        "invitation and their access to the event go."
    )
    async def remove_participant(
        self, info: Info, event_id: strawberry.ID, user_id: strawberry.ID
    ) -> bool:
        viewer = info.context.require_viewer()
        return await info.context.services.remove_participant(
            viewer.user_id, str(event_id), str(user_id)
        )

    @internal_mutation(
        "Delete a deleted account's events and grants; the ids of every event it deleted "
        "(router clean-up)."
    )
    async def remove_user_events(self, info: Info, user_id: strawberry.ID) -> list[strawberry.ID]:
        viewer = info.context.require_viewer()
        removed = await info.context.services.remove_user(viewer.user_id, str(user_id))
        return [strawberry.ID(event_id) for event_id in removed]

    @internal_mutation("Let a user see an event (router rules: invitation, participation).")
    async def grant_event_access(
        self, info: Info, event_id: strawberry.ID, user_id: strawberry.ID, reason: AccessReason
    ) -> bool:
        viewer = info.context.require_viewer()
        return await info.context.services.grant(
            viewer.user_id, str(event_id), str(user_id), reason
        )

    @internal_mutation("Withdraw one reason a user may see an event; false if no such event.")
    async def revoke_event_access(
        self, info: Info, event_id: strawberry.ID, user_id: strawberry.ID, reason: AccessReason
    ) -> bool:
        viewer = info.context.require_viewer()
        return await info.context.services.revoke(
            viewer.user_id, str(event_id), str(user_id), reason
        )

    @internal_mutation(
        "Mirror a share of the caller's calendar (null level: not shared); with lowerOnly, "
        "only lower an existing level (never create or raise one)."
    )
    async def set_calendar_access(
        self,
        info: Info,
        grantee_id: strawberry.ID,
        level: CalendarLevel | None,
        lower_only: bool = False,
    ) -> bool:
        viewer = info.context.require_viewer()
        return await info.context.services.set_calendar_access(
            viewer.user_id, str(grantee_id), level, lower_only=lower_only
        )


schema = build_schema(
    query=Query, mutation=Mutation, subscription=Subscription, types=[Event, User]
)
