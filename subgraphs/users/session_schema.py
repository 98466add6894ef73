"""GraphQL of sessions: refresh, logout, logout everywhere, and the calendar feed's key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import cast

import strawberry

from subgraphs.common.context import SubgraphContext
from subgraphs.common.fields import authenticated_mutation
from subgraphs.users.service import UsersService

Info = strawberry.Info[SubgraphContext[UsersService], None]


def _public_mutation[**P, R](description: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """``@strawberry.mutation(description=...)``, typed for ``mypy --strict``."""
    return cast(
        Callable[[Callable[P, R]], Callable[P, R]], strawberry.mutation(description=description)
    )


@strawberry.type(description="A short-lived access token and the refresh token that renews it.")
class SessionTokens:
    token: str = strawberry.field(description="Bearer token (JWT signed with Ed25519).")
    expires_at: datetime
    refresh_token: str = strawberry.field(
        description="Single use: refreshSession returns the next one."
    )
    refresh_expires_at: datetime


@strawberry.type(description="A bearer token, e.g. the read-only token of a feed key.")
class AccessToken:
    token: str
    expires_at: datetime


@strawberry.type(description="The calendar feed's own credential; shown only once.")
class FeedKey:
    key: str = strawberry.field(description="Exchange it with feedAccess; read-only.")
    created_at: datetime


@strawberry.type
class SessionMutation:
    @_public_mutation(
        "New tokens for a refresh token (which stops working). Reusing an old refresh token "
        "ends its session."
    )
    async def refresh_session(self, info: Info, refresh_token: str) -> SessionTokens:
        _, tokens = await info.context.services.sessions.refresh(refresh_token)
        return SessionTokens(
            token=tokens.access.token,
            expires_at=tokens.access.expires_at,
            refresh_token=tokens.refresh_token,
            refresh_expires_at=tokens.refresh_expires_at,
        )

    @authenticated_mutation("End the caller's session: its tokens stop working.")
    async def logout(self, info: Info) -> bool:
        viewer = info.context.require_viewer()
        return await info.context.services.sessions.end(viewer.user_id, viewer.session_id)

    @authenticated_mutation("End every session of the caller, feed key included; how many.")
    async def logout_everywhere(self, info: Info) -> int:
        viewer = info.context.require_viewer()
        return await info.context.services.sessions.end_all(viewer.user_id)

    @authenticated_mutation("A new feed key for the caller; the previous one stops working.")
    async def create_feed_key(self, info: Info) -> FeedKey:
        viewer = info.context.require_viewer()
        key, created_at = await info.context.services.sessions.new_feed_key(viewer.user_id)
        return FeedKey(key=key, created_at=created_at)

    @_public_mutation("A short-lived, read-only access token for a feed key.")
    async def feed_access(self, info: Info, key: str) -> AccessToken:
        issued = await info.context.services.sessions.feed_token(key)
        return AccessToken(token=issued.token, expires_at=issued.expires_at)
