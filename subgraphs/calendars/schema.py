"""GraphQL schema of the calendars subgraph (Federation v2)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated

import strawberry

from subgraphs.calendars.repository import ShareLevel, ShareRecord
from subgraphs.calendars.service import ShareChangeKind, ShareService
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

Info = strawberry.Info[SubgraphContext[ShareService], None]

strawberry.enum(ShareLevel, description="FREE_BUSY: times only. DETAILS: full event details.")
PAGE_SIZE = 20
_VISIBLE = viewer_batch_loader("shares.visible", ShareService.visible_many)
_ACCESS = viewer_batch_loader("shares.access", ShareService.access_many)


@strawberry.federation.type(
    keys=["id"], description="An owner's calendar, shared with a grantee at one level."
)
class CalendarShare:
    id: strawberry.ID
    level: ShareLevel
    created_at: datetime
    updated_at: datetime = strawberry.field(description="When the level was last set.")
    owner: User | None = strawberry.field(
        description="Whose calendar is shared; null once their account is gone."
    )
    grantee: User | None = strawberry.field(
        description="Who can see it; null once their account is gone."
    )

    @classmethod
    def from_record(cls, record: ShareRecord) -> CalendarShare:
        return cls(
            id=strawberry.ID(str(record.id)),
            level=record.level,
            created_at=record.created_at,
            updated_at=record.updated_at,
            owner=User.of(record.owner_id),
            grantee=User.of(record.grantee_id),
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> CalendarShare | None:
        return maybe(cls.from_record, await _VISIBLE.load_id(info.context, id))


@strawberry.federation.type(keys=["id"])
class User(EntityStub):
    @paginated
    @authenticated_field(
        "Calendars shared with this user, newest first (each with its owner and level). "
        "Only the user can see them."
    )
    async def shared_with_me(
        self, info: Info, first: int = PAGE_SIZE, after: str | None = None
    ) -> Connection[CalendarShare] | None:
        viewer = viewer_id(info.context)
        listing = await info.context.services.received(viewer, optional_id(self.id), first, after)
        return to_connection(listing, CalendarShare.from_record)

    @authenticated_field(
        "The caller's access to this user's calendar: null if not shared with them; "
        "DETAILS on their own calendar."
    )
    async def my_calendar_access(self, info: Info) -> ShareLevel | None:
        return await _ACCESS.load_id(info.context, self.id)


@strawberry.type
class Query:
    @paginated
    @authenticated_field("The shares of the caller's calendar, newest first.")
    async def shares_given(
        self, info: Info, first: int = PAGE_SIZE, after: str | None = None
    ) -> Connection[CalendarShare] | None:
        listing = await info.context.services.given(viewer_id(info.context), first, after)
        return to_connection(listing, CalendarShare.from_record)

    @paginated
    @authenticated_field("Calendars shared with the caller, newest first.")
    async def shares_received(
        self, info: Info, first: int = PAGE_SIZE, after: str | None = None
    ) -> Connection[CalendarShare] | None:
        viewer = viewer_id(info.context)
        listing = await info.context.services.received(viewer, viewer, first, after)
        return to_connection(listing, CalendarShare.from_record)

    @authenticated_field(
        "The caller's level on ownerId's calendar: null if not shared; DETAILS for their own."
    )
    async def calendar_access(self, info: Info, owner_id: strawberry.ID) -> ShareLevel | None:
        return await info.context.services.access(viewer_id(info.context), owner_id)


strawberry.enum(
    ShareChangeKind, description="GRANTED: shared (or its level set); REVOKED: no longer shared."
)


@strawberry.type(description="A calendar share the subscriber gave or received changed.")
class ShareChange:
    kind: ShareChangeKind
    cursor: str = strawberry.field(
        description="Pass as `after` to resume the subscription after this change."
    )
    owner: User | None = strawberry.field(
        description="Whose calendar; null when several shares went at once (a deleted account)."
    )
    grantee: User | None = strawberry.field(description="Who it is shared with; null likewise.")

    @classmethod
    def of(cls, change: Change) -> ShareChange:
        owner, grantee = change.ids.get("owner"), change.ids.get("grantee")
        return cls(
            kind=ShareChangeKind(change.kind),
            cursor=change.cursor,
            owner=None if owner is None else User.of(owner),
            grantee=None if grantee is None else User.of(grantee),
        )


@strawberry.type
class Subscription:
    @authenticated_subscription(
        "Shares of the caller's calendar, and calendars shared with the caller, as they are "
        "granted and revoked; `after`: a change's cursor (resume after it) "
        "or t<epoch ms> (the changes since)."
    )
    async def share_changes(
        self, info: Info, after: str | None = None
    ) -> AsyncGenerator[ShareChange]:
        feed = info.context.services.changes
        async for change in viewer_changes(info.context, feed, after):
            yield ShareChange.of(change)


@strawberry.type
class Mutation:
    @authenticated_mutation(
        "Share the caller's calendar with a user; sharing again sets the new level."
    )
    async def share_calendar(
        self,
        info: Info,
        grantee_id: Annotated[strawberry.ID, reference_argument("User")],
        level: ShareLevel,
    ) -> CalendarShare:
        record = await info.context.services.share(viewer_id(info.context), grantee_id, level)
        return CalendarShare.from_record(record)

    @authenticated_mutation("Stop sharing the caller's calendar with a user; false if not shared.")
    async def revoke_share(self, info: Info, grantee_id: strawberry.ID) -> bool:
        return await info.context.services.revoke(viewer_id(info.context), grantee_id)

    @internal_mutation("Remove every share a deleted account gave or received (router clean-up).")
    async def remove_user_shares(self, info: Info, user_id: strawberry.ID) -> int:
        return await info.context.services.remove_user(viewer_id(info.context), user_id)


schema = build_schema(
    query=Query, mutation=Mutation, subscription=Subscription, types=[CalendarShare, User]
)
