"""GraphQL schema of the events subgraph: the ``Event`` entity and ``User.events``."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from datetime import datetime
from functools import partial
from typing import Annotated, Any

import strawberry

from subgraphs.common import (
    Connection,
    Document,
    EntityStub,
    RequestLoader,
    SubgraphContext,
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
from subgraphs.events.service import EventDraft, EventPatch, EventsService, time_range
from subgraphs.events.visibility import ACCESS_KEY, EventAccess

Info = strawberry.Info[SubgraphContext[EventsService], None]
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


@strawberry.federation.type(keys=["id"], description="A person; owned by the users subgraph.")
class User(EntityStub):
    events = paginated(
        described_field("This user's events that the caller may see, in start order.")(
            _calendar(lambda user, _: str(user.id))
        )
    )


EventAccessType = strawberry.enum(
    EventAccess,
    description="How much of an event the caller sees: FULL, or FREE_BUSY (times only, "
    "through a free/busy share of the owner's calendar).",
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
