"""GraphQL schema of the invitations subgraph (Federation v2)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated

import strawberry
from bson import ObjectId

from subgraphs.common import (
    Change,
    Connection,
    EntityStub,
    SubgraphContext,
    authenticated_field,
    authenticated_mutation,
    authenticated_subscription,
    build_schema,
    internal_mutation,
    maybe,
    optional_id,
    paginated,
    reference_argument,
    to_connection,
    viewer_batch_loader,
    viewer_changes,
    viewer_id,
)
from subgraphs.invitations.repository import InvitationRecord, InvitationStatus
from subgraphs.invitations.service import InvitationChangeKind, InvitationService

Info = strawberry.Info[SubgraphContext[InvitationService], None]

strawberry.enum(InvitationStatus, description="PENDING until the invitee answers, then the answer.")
strawberry.enum(
    InvitationChangeKind,
    description="SENT: a new invitation; ANSWERED: its status changed; CANCELLED: it is gone.",
)
PAGE_SIZE = 20
_VISIBLE = viewer_batch_loader("invitations.visible", InvitationService.visible_many)
_MINE_BY_EVENT = viewer_batch_loader(
    "invitations.mine-by-event", InvitationService.received_for_events
)


@strawberry.federation.type(keys=["id"], description="An invitation of a user to an event.")
class Invitation:
    id: strawberry.ID
    status: InvitationStatus
    created_at: datetime
    responded_at: datetime | None = strawberry.field(
        description="When the invitee last changed their answer; null while PENDING."
    )
    event: Event | None = strawberry.field(
        description="The event; null once it is deleted or the caller may no longer see it."
    )
    invitee: User | None = strawberry.field(
        description="The invited user; null once their account is gone."
    )
    inviter: User | None = strawberry.field(
        description="The user who sent the invitation (the event's owner); null once their "
        "account is gone."
    )

    @classmethod
    def from_record(cls, record: InvitationRecord) -> Invitation:
        return cls(
            id=strawberry.ID(str(record.id)),
            status=record.status,
            created_at=record.created_at,
            responded_at=record.responded_at,
            event=Event.of(record.event_id),
            invitee=User.of(record.invitee_id),
            inviter=User.of(record.inviter_id),
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Invitation | None:
        return maybe(cls.from_record, await _VISIBLE.load_id(info.context, id))


@strawberry.federation.type(keys=["id"])
class Event(EntityStub):
    @paginated
    @authenticated_field(
        "Who is invited and how they answered; visible to the event's inviters "
        "and invitees (others get an empty list).",
    )
    async def invitations(
        self, info: Info, first: int = PAGE_SIZE, after: str | None = None
    ) -> Connection[Invitation] | None:
        viewer = viewer_id(info.context)
        listing = await info.context.services.for_event(viewer, self.id, first, after)
        return to_connection(listing, Invitation.from_record)

    @authenticated_field("The caller's invitation to this event, if any.")
    async def my_invitation(self, info: Info) -> Invitation | None:
        return maybe(Invitation.from_record, await _MINE_BY_EVENT.load_id(info.context, self.id))


@strawberry.federation.type(keys=["id"])
class User(EntityStub):
    @paginated
    @authenticated_field(
        "Invitations this user received (default: PENDING; null = any status), "
        "newest first. Only the user can see them.",
    )
    async def invitations(
        self,
        info: Info,
        status: InvitationStatus | None = InvitationStatus.PENDING,
        first: int = PAGE_SIZE,
        after: str | None = None,
    ) -> Connection[Invitation] | None:
        viewer = viewer_id(info.context)
        user = optional_id(self.id)
        listing = await info.context.services.received(viewer, user, status, first, after)
        return to_connection(listing, Invitation.from_record)


@strawberry.type
class Query:
    @paginated
    @authenticated_field(
        "The caller's inbox: invitations received (default: PENDING, so answered "
        "ones leave it; null = any status), newest first.",
    )
    async def my_invitations(
        self,
        info: Info,
        status: InvitationStatus | None = InvitationStatus.PENDING,
        first: int = PAGE_SIZE,
        after: str | None = None,
    ) -> Connection[Invitation] | None:
        viewer = viewer_id(info.context)
        listing = await info.context.services.received(viewer, viewer, status, first, after)
        return to_connection(listing, Invitation.from_record)

    @authenticated_field(
        "An invitation, for its inviter or invitee; null if it does not exist.",
    )
    async def invitation(self, info: Info, id: strawberry.ID) -> Invitation | None:
        record = await info.context.services.visible(viewer_id(info.context), id)
        return maybe(Invitation.from_record, record)


@strawberry.type(description="A change to an invitation the subscriber sent or received.")
class InvitationChange:
    kind: InvitationChangeKind
    cursor: str = strawberry.field(
        description="Pass as `after` to resume the subscription after this change."
    )
    invitation_id: strawberry.ID | None = strawberry.field(
        description="The invitation; null when several were removed at once (an event or "
        "an account was deleted)."
    )
    invitation: Invitation | None = strawberry.field(
        description="The invitation as it is now; null once cancelled."
    )
    event: Event | None = strawberry.field(description="The event it invites to.")

    @classmethod
    async def of(
        cls, change: Change, viewer: ObjectId, services: InvitationService
    ) -> InvitationChange:
        invitation_id = change.ids.get("invitation")
        event_id = change.ids.get("event")
        current = None
        if invitation_id is not None and change.kind != InvitationChangeKind.CANCELLED:
            current = await services.visible(viewer, invitation_id)
        return cls(
            kind=InvitationChangeKind(change.kind),
            cursor=change.cursor,
            invitation_id=None if invitation_id is None else strawberry.ID(invitation_id),
            invitation=maybe(Invitation.from_record, current),
            event=None if event_id is None else Event.of(event_id),
        )


@strawberry.type
class Subscription:
    @authenticated_subscription(
        "Invitations the caller sends or receives as they are sent, answered and cancelled; "
        "`after`: a change's cursor (resume after it) or t<epoch ms> (the changes since)."
    )
    async def invitation_changes(
        self, info: Info, after: str | None = None
    ) -> AsyncGenerator[InvitationChange]:
        services = info.context.services
        viewer = viewer_id(info.context)
        async for change in viewer_changes(info.context, services.changes, after):
            yield await InvitationChange.of(change, viewer, services)


@strawberry.type
class Mutation:
    @authenticated_mutation("Invite a user to an event; the caller is the inviter.")
    async def invite(
        self,
        info: Info,
        event_id: Annotated[strawberry.ID, reference_argument("Event")],
        invitee_id: Annotated[strawberry.ID, reference_argument("User")],
    ) -> Invitation:
        viewer = viewer_id(info.context)
        record = await info.context.services.invite(viewer, event_id, invitee_id)
        return Invitation.from_record(record)

    @authenticated_mutation(
        "Answer an invitation (invitee only): ACCEPTED, DECLINED or TENTATIVE.",
    )
    async def respond_to_invitation(
        self, info: Info, id: strawberry.ID, status: InvitationStatus
    ) -> Invitation:
        viewer = viewer_id(info.context)
        record = await info.context.services.respond(viewer, id, status)
        return Invitation.from_record(record)

    @authenticated_mutation(
        "Withdraw an invitation (inviter only); false if it no longer exists.",
    )
    async def cancel_invitation(self, info: Info, id: strawberry.ID) -> bool:
        return await info.context.services.cancel(viewer_id(info.context), id)

    @internal_mutation(
        "Set the invitee's answer on their behalf (router rules: joining accepts, leaving "
        "declines); with onlyFrom, only an invitation in that status changes. False if none."
    )
    async def set_invitation_status(
        self,
        info: Info,
        event_id: strawberry.ID,
        invitee_id: strawberry.ID,
        status: InvitationStatus,
        only_from: InvitationStatus | None = None,
    ) -> bool:
        viewer_id(info.context)
        services = info.context.services
        return await services.set_status_of(event_id, invitee_id, status, only_from)

    @internal_mutation("Remove the invitation of (event, invitee), e.g. a removed participant's.")
    async def remove_invitation(
        self, info: Info, event_id: strawberry.ID, invitee_id: strawberry.ID
    ) -> bool:
        viewer_id(info.context)
        return await info.context.services.remove(event_id, invitee_id)

    @internal_mutation(
        "Remove the invitations a deleted account sent or received, and those of its deleted "
        "events (router clean-up)."
    )
    async def remove_user_invitations(
        self, info: Info, user_id: strawberry.ID, event_ids: list[strawberry.ID]
    ) -> int:
        viewer = viewer_id(info.context)
        return await info.context.services.remove_user(viewer, user_id, event_ids)

    @internal_mutation("Remove every invitation of a deleted event (router clean-up).")
    async def remove_event_invitations(self, info: Info, event_id: strawberry.ID) -> int:
        viewer_id(info.context)
        return await info.context.services.remove_event(event_id)


schema = build_schema(
    query=Query, mutation=Mutation, subscription=Subscription, types=[Invitation, Event, User]
)
