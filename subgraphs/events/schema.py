"""GraphQL schema of the events subgraph: the ``Event`` entity and ``User.events``."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Annotated

import strawberry
from strawberry.dataloader import DataLoader

from subgraphs.common.connections import Connection, to_connection
from subgraphs.common.context import SubgraphContext
from subgraphs.common.fields import authenticated_field, authenticated_mutation, internal_mutation
from subgraphs.common.mongo import Document
from subgraphs.common.schema import build_schema, described_field
from subgraphs.common.validation import object_id
from subgraphs.events.access_store import AccessReason, CalendarLevel
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


@strawberry.federation.type(keys=["id"], description="A person; owned by the users subgraph.")
class User:
    id: strawberry.ID

    @described_field("This user's events that the caller may see, in start order.")
    async def events(
        self,
        info: Info,
        from_: From = None,
        to: To = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Event]:
        viewer = info.context.viewer
        listing = await info.context.services.events_of(
            viewer.user_id if viewer else None, str(self.id), time_range(from_, to), first, after
        )
        return to_connection(listing, Event.from_document)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> User:
        return cls(id=id)


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
    owner: User
    created_at: datetime
    updated_at: datetime

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Event | None:
        return _to_event(await _event_loader(info).load(str(id)))

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
            owner=User(id=strawberry.ID(document["ownerId"])),
            created_at=document["createdAt"],
            updated_at=document["updatedAt"],
        )


def _to_event(document: Document | None) -> Event | None:
    return None if document is None else Event.from_document(document)


def _event_loader(info: Info) -> DataLoader[str, Document | None]:
    """Request-scoped loader of the events the caller may see: one query per batch."""
    viewer = info.context.viewer
    load = partial(info.context.services.visible_events_by_ids, viewer.user_id if viewer else None)
    return info.context.loader("visible_events_by_id", load)


@strawberry.input
class CreateEventInput:
    title: str
    starts_at: datetime
    ends_at: datetime
    description: str = ""
    is_public: bool = False
    time_zone: str = "UTC"
    all_day: bool = False


@strawberry.input(description="Omitted or null fields stay unchanged.")
class UpdateEventInput:
    title: str | None = None
    description: str | None = None
    is_public: bool | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    time_zone: str | None = None
    all_day: bool | None = None


@strawberry.type
class Query:
    @described_field("An event, if it exists and the caller may see it.")
    async def event(self, info: Info, id: strawberry.ID) -> Event | None:
        object_id(str(id), "id")
        return _to_event(await _event_loader(info).load(str(id)))

    @authenticated_field("The caller's events overlapping [from, to), in start order.")
    async def my_events(
        self,
        info: Info,
        from_: From = None,
        to: To = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Event]:
        viewer = info.context.require_viewer()
        listing = await info.context.services.events_of(
            viewer.user_id, viewer.user_id, time_range(from_, to), first, after
        )
        return to_connection(listing, Event.from_document)

    @described_field("Public events whose title contains search (case-insensitive).")
    async def public_events(
        self,
        info: Info,
        search: str | None = None,
        from_: From = None,
        to: To = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Event]:
        listing = await info.context.services.public_events(
            search, time_range(from_, to), first, after
        )
        return to_connection(listing, Event.from_document)


@strawberry.type
class Mutation:
    @authenticated_mutation("Create an event owned by the caller.")
    async def create_event(self, info: Info, input: CreateEventInput) -> Event:
        viewer = info.context.require_viewer()
        draft = EventDraft(
            title=input.title,
            description=input.description,
            is_public=input.is_public,
            starts_at=input.starts_at,
            ends_at=input.ends_at,
            time_zone=input.time_zone,
            all_day=input.all_day,
        )
        return Event.from_document(await info.context.services.create(viewer.user_id, draft))

    @authenticated_mutation("Change some fields of an event you own.")
    async def update_event(self, info: Info, id: strawberry.ID, input: UpdateEventInput) -> Event:
        viewer = info.context.require_viewer()
        patch = EventPatch(
            title=input.title,
            description=input.description,
            is_public=input.is_public,
            starts_at=input.starts_at,
            ends_at=input.ends_at,
            time_zone=input.time_zone,
            all_day=input.all_day,
        )
        updated = await info.context.services.update(viewer.user_id, str(id), patch)
        return Event.from_document(updated)

    @authenticated_mutation("Delete an event you own; returns its id.")
    async def delete_event(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        viewer = info.context.require_viewer()
        return strawberry.ID(await info.context.services.delete(viewer.user_id, str(id)))

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


schema = build_schema(query=Query, mutation=Mutation, types=[Event, User])
