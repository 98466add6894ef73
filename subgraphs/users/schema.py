"""GraphQL schema of the users subgraph: the ``User`` entity, login and profile mutations
(sessions: ``session_schema``)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from subgraphs.common import (
    Connection,
    Document,
    SubgraphContext,
    assumed_size,
    authenticated_field,
    authenticated_mutation,
    batch_loader,
    build_schema,
    described_field,
    maybe,
    object_id,
    paginated,
    to_connection,
)
from subgraphs.users.service import (
    DEFAULT_SEARCH_PAGE,
    MAX_IDS,
    MAX_SEARCH_PAGE,
    MIN_PREFIX_LENGTH,
    ProfileChanges,
    Registration,
    UsersService,
)
from subgraphs.users.session_schema import SessionMutation
from subgraphs.users.throttle import first_forwarded_address

Info = strawberry.Info[SubgraphContext[UsersService], None]
_USERS = batch_loader("users_by_id", UsersService.users_by_ids)


@strawberry.federation.type(keys=["id"], description="A person with an account.")
class User:
    id: strawberry.ID
    username: str
    display_name: str
    time_zone: str = strawberry.field(description="IANA time zone, e.g. Europe/Paris.")
    created_at: datetime
    private_email: strawberry.Private[str]

    @described_field("Visible only to the user themself; null for anyone else.")
    def email(self, info: Info) -> str | None:
        viewer = info.context.viewer
        return self.private_email if viewer is not None and viewer.user_id == self.id else None

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> User | None:
        return maybe(cls.from_document, await _USERS.of(info.context).load(str(id)))

    @classmethod
    def from_document(cls, document: Document) -> User:
        return cls(
            id=strawberry.ID(str(document["_id"])),
            username=document["username"],
            display_name=document["displayName"],
            time_zone=document["timeZone"],
            created_at=document["createdAt"],
            private_email=document["email"],
        )


def _forwarded_client(info: Info) -> str | None:
    """The caller's address as the router forwards it (``X-Forwarded-For``), if any."""
    request = info.context.request
    if request is None:
        return None
    return first_forwarded_address(request.headers.get("x-forwarded-for"))


@strawberry.type
class AuthPayload:
    token: str = strawberry.field(
        description="Bearer token (JWT signed with Ed25519), valid a few minutes."
    )
    expires_at: datetime
    refresh_token: str = strawberry.field(description="Renews the token: see refreshSession.")
    refresh_expires_at: datetime
    user: User


@strawberry.input
class RegisterInput:
    username: str = strawberry.field(description="3 to 32 of [A-Za-z0-9_.-], case-insensitive.")
    email: str
    password: str = strawberry.field(description="8 to 128 characters.")
    display_name: str
    time_zone: str = "UTC"


@strawberry.input
class UpdateProfileInput:
    display_name: str | None = None
    time_zone: str | None = None


@strawberry.type
class Query:
    @authenticated_field("The logged-in user.")
    async def me(self, info: Info) -> User | None:
        viewer = info.context.require_viewer()
        return maybe(User.from_document, await _USERS.of(info.context).load(viewer.user_id))

    @authenticated_field("A user by id (needs a login); null for an unknown id.")
    async def user(self, info: Info, id: strawberry.ID) -> User | None:
        info.context.require_viewer()
        object_id(str(id), "id")
        return maybe(User.from_document, await _USERS.of(info.context).load(str(id)))

    @assumed_size(MAX_IDS)
    @authenticated_field("Users in the order of ids (needs a login); null for unknown ids.")
    async def users(self, info: Info, ids: list[strawberry.ID]) -> list[User | None] | None:
        info.context.require_viewer()
        keys = [str(value) for value in ids]
        info.context.services.check_id_list(keys)
        documents = await _USERS.of(info.context).load_many(keys)
        return [maybe(User.from_document, document) for document in documents]

    @paginated
    @authenticated_field(
        "People to invite or share with: users whose username or display name starts with "
        f"prefix (case-insensitive, at least {MIN_PREFIX_LENGTH} characters), by username; "
        f"first is at most {MAX_SEARCH_PAGE}."
    )
    async def search_users(
        self, info: Info, prefix: str, first: int = DEFAULT_SEARCH_PAGE, after: str | None = None
    ) -> Connection[User] | None:
        info.context.require_viewer()
        listing = await info.context.services.search(prefix, first, after)
        return to_connection(listing, User.from_document)


@strawberry.type
class Mutation(SessionMutation):
    @strawberry.mutation
    async def register(self, info: Info, input: RegisterInput) -> User:
        registration = Registration(
            username=input.username,
            email=input.email,
            password=input.password,
            display_name=input.display_name,
            time_zone=input.time_zone,
        )
        client = _forwarded_client(info)
        return User.from_document(await info.context.services.register(registration, client))

    @strawberry.mutation
    async def login(self, info: Info, username: str, password: str) -> AuthPayload:
        client = _forwarded_client(info)
        user, tokens = await info.context.services.login(username, password, client)
        return AuthPayload(
            token=tokens.access.token,
            expires_at=tokens.access.expires_at,
            refresh_token=tokens.refresh_token,
            refresh_expires_at=tokens.refresh_expires_at,
            user=User.from_document(user),
        )

    @authenticated_mutation(
        "Delete your account (confirm with your password): every session ends, and the "
        "router removes your events, invitations, participations and shares."
    )
    async def delete_account(self, info: Info, password: str) -> bool:
        viewer = info.context.require_viewer()
        return await info.context.services.delete_account(viewer.user_id, password)

    @authenticated_mutation("Change your display name or time zone.")
    async def update_profile(self, info: Info, input: UpdateProfileInput) -> User:
        viewer = info.context.require_viewer()
        changes = ProfileChanges(display_name=input.display_name, time_zone=input.time_zone)
        return User.from_document(
            await info.context.services.update_profile(viewer.user_id, changes)
        )


schema = build_schema(query=Query, mutation=Mutation, types=[User])
