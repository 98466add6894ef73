"""GraphQL schema of the participations subgraph (Federation v2)."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from datetime import datetime
from enum import Enum
from typing import Annotated, Self, cast

import strawberry

from subgraphs.common import (
    Change,
    Connection,
    EntityStub,
    Listing,
    SubgraphContext,
    authenticated_field,
    authenticated_mutation,
    authenticated_subscription,
    batch_loader,
    build_schema,
    described_field,
    internal_field,
    internal_mutation,
    maybe,
    object_id,
    optional_id,
    paginated,
    reference_argument,
    to_connection,
    viewer_batch_loader,
    viewer_changes,
    viewer_id,
)
from subgraphs.participations.repository import ParticipationRecord
from subgraphs.participations.service import (
    ParticipationChangeKind,
    ParticipationService,
    concerns_event,
)

Info = strawberry.Info[SubgraphContext[ParticipationService], None]

PAGE_SIZE = 20
_BY_ID = batch_loader("participations.by-id", ParticipationService.get_many)
_COUNTS = batch_loader("participations.count", ParticipationService.counts)
_MINE_BY_EVENT = viewer_batch_loader(
    "participations.mine-by-event", ParticipationService.of_user_in_events
)


def requiring_access_field[**P, R](description: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """An ``@authenticated`` Event field that ``@requires`` the caller's ``access`` from the
    events subgraph (trusted: only the router can call this subgraph)."""
    return cast(
        Callable[[Callable[P, R]], Callable[P, R]],
        strawberry.federation.field(
            authenticated=True, requires=["access"], description=description
        ),
    )


@strawberry.federation.type(keys=["id"], description="A user taking part in an event.")
class Participation:
    id: strawberry.ID
    joined_at: datetime
    event: Event | None = strawberry.field(
        description="The event; null once it is deleted or the caller may no longer see it."
    )
    user: User | None = strawberry.field(
        description="The participant; null once their account is gone."
    )

    @classmethod
    def from_record(cls, record: ParticipationRecord) -> Participation:
        return cls(
            id=strawberry.ID(str(record.id)),
            joined_at=record.joined_at,
            event=Event.of(record.event_id),
            user=User.of(record.user_id),
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Participation | None:
        viewer_id(info.context)
        return maybe(cls.from_record, await _BY_ID.load_id(info.context, id))


@strawberry.enum(description="How much of an event the caller sees (owned by the events subgraph).")
class EventAccess(Enum):
    FULL = "FULL"
    FREE_BUSY = "FREE_BUSY"


@strawberry.federation.type(keys=["id"])
class Event(EntityStub):
    access: EventAccess = strawberry.federation.field(external=True, default=EventAccess.FREE_BUSY)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, access: str | None = None) -> Self:
        """``access`` arrives when a field ``@requires`` it; without it, assume the least."""
        return cls(id=id, access=EventAccess(access) if access else EventAccess.FREE_BUSY)

    @paginated
    @requiring_access_field(
        "Who takes part, in the order they joined (each with `user` and `joinedAt`); "
        "empty for callers who see only the event's free/busy times."
    )
    async def participants(
        self, info: Info, first: int = PAGE_SIZE, after: str | None = None
    ) -> Connection[Participation] | None:
        viewer_id(info.context)
        if self.access is not EventAccess.FULL:
            return to_connection(Listing.empty(), Participation.from_record)
        listing = await info.context.services.participants(self.id, first, after)
        return to_connection(listing, Participation.from_record)

    @described_field("How many users take part (public, like the event's attendance).")
    async def participant_count(self, info: Info) -> int | None:
        return await _COUNTS.load_id(info.context, self.id) or 0

    @authenticated_field("The caller's participation in this event, if they joined it.")
    async def my_participation(self, info: Info) -> Participation | None:
        record = await _MINE_BY_EVENT.load_id(info.context, self.id)
        return maybe(Participation.from_record, record)


@strawberry.federation.type(keys=["id"])
class User(EntityStub):
    @paginated
    @authenticated_field(
        "The events this user joined, most recent first. Only the user can see them."
    )
    async def participations(
        self, info: Info, first: int = PAGE_SIZE, after: str | None = None
    ) -> Connection[Participation] | None:
        viewer = viewer_id(info.context)
        listing = await info.context.services.of_user(viewer, optional_id(self.id), first, after)
        return to_connection(listing, Participation.from_record)


@strawberry.type
class Query:
    @internal_field("Whether a user takes part in an event (router rules).")
    async def takes_part(self, info: Info, event_id: strawberry.ID, user_id: strawberry.ID) -> bool:
        viewer_id(info.context)
        return await info.context.services.takes_part(event_id, user_id)

    @paginated
    @authenticated_field("The events the caller joined, most recent first.")
    async def my_participations(
        self, info: Info, first: int = PAGE_SIZE, after: str | None = None
    ) -> Connection[Participation] | None:
        viewer = viewer_id(info.context)
        listing = await info.context.services.of_user(viewer, viewer, first, after)
        return to_connection(listing, Participation.from_record)


strawberry.enum(ParticipationChangeKind, description="Someone JOINED or LEFT the event.")


@strawberry.type(description="Someone joined or left an event the subscriber follows.")
class ParticipationChange:
    kind: ParticipationChangeKind
    cursor: str = strawberry.field(
        description="Pass as `after` to resume the subscription after this change."
    )
    event: Event
    participant: User | None = strawberry.field(
        description="Who joined or left; null when an event's participants were all removed."
    )

    @classmethod
    def of(cls, change: Change, event_id: str) -> ParticipationChange:
        user = change.ids.get("user")
        return cls(
            kind=ParticipationChangeKind(change.kind),
            cursor=change.cursor,
            event=Event(id=strawberry.ID(event_id)),
            participant=None if user is None else User.of(user),
        )


@strawberry.type
class Subscription:
    @authenticated_subscription(
        "People joining and leaving one event; `after`: a change's cursor (resume after "
        "it) or t<epoch ms> (the changes since)."
    )
    async def participation_changes(
        self, info: Info, event_id: strawberry.ID, after: str | None = None
    ) -> AsyncGenerator[ParticipationChange]:
        event = str(object_id(str(event_id), "eventId"))
        feed = info.context.services.changes
        async for change in viewer_changes(info.context, feed, after):
            if concerns_event(change, event):
                yield ParticipationChange.of(change, event)


@strawberry.type
class Mutation:
    @authenticated_mutation(
        "Take part in an event; joining again returns the existing participation."
    )
    async def join_event(
        self, info: Info, event_id: Annotated[strawberry.ID, reference_argument("Event")]
    ) -> Participation:
        record = await info.context.services.join(viewer_id(info.context), event_id)
        return Participation.from_record(record)

    @authenticated_mutation("Stop taking part in an event; false if the caller had not joined.")
    async def leave_event(self, info: Info, event_id: strawberry.ID) -> bool:
        return await info.context.services.leave(viewer_id(info.context), event_id)

    @internal_mutation(
        "Remove a user's participation (router rules: the owner removes a participant, an "
        "invitation is cancelled); false if there was none."
    )
    async def remove_participation(
        self, info: Info, event_id: strawberry.ID, user_id: strawberry.ID
    ) -> bool:
        viewer_id(info.context)
        return await info.context.services.remove(event_id, user_id)

    @internal_mutation(
        "Remove a deleted account's participations and those of its deleted events "
        "(router clean-up)."
    )
    async def remove_user_participations(
        self, info: Info, user_id: strawberry.ID, event_ids: list[strawberry.ID]
    ) -> int:
        viewer = viewer_id(info.context)
        return await info.context.services.remove_user(viewer, user_id, event_ids)

    @internal_mutation("Remove every participation of a deleted event (router clean-up).")
    async def remove_event_participations(self, info: Info, event_id: strawberry.ID) -> int:
        viewer_id(info.context)
        return await info.context.services.remove_event(event_id)


schema = build_schema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    types=[Participation, Event, User],
)
