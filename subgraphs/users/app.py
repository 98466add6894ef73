"""The users subgraph app: GraphQL, ``/health``, the public JWKS and the revoked sessions."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pymongo.asynchronous.database import AsyncDatabase

from subgraphs.common.app import create_subgraph_app
from subgraphs.common.changes import ChangeFeed
from subgraphs.common.mongo import Document
from subgraphs.common.settings import SubgraphSettings
from subgraphs.users.attempts import AttemptRepository, ensure_attempt_indexes
from subgraphs.users.repository import UserRepository, ensure_indexes
from subgraphs.users.schema import schema
from subgraphs.users.service import UsersService
from subgraphs.users.session_service import SessionService
from subgraphs.users.sessions import SessionRepository, ensure_session_indexes
from subgraphs.users.settings import UsersSettings
from subgraphs.users.signing import TokenIssuer, load_signing_key
from subgraphs.users.throttle import LoginThrottle, RegistrationThrottle

JWKS_PATH = "/.well-known/jwks.json"
JWKS_MAX_AGE_SECONDS = 300
REVOKED_SESSIONS_PATH = "/.well-known/revoked-sessions.json"


def create_app(settings: UsersSettings) -> FastAPI:
    issuer = TokenIssuer(
        load_signing_key(settings),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        ttl_seconds=settings.jwt_ttl_seconds,
    )

    async def build_services(
        db: AsyncDatabase[Document], _: SubgraphSettings, __: ChangeFeed
    ) -> UsersService:
        counters = AttemptRepository(db)
        throttle = LoginThrottle.from_settings(counters, settings)
        registrations = RegistrationThrottle.from_settings(counters, settings)
        users = UserRepository(db)
        sessions = SessionService(
            SessionRepository(db),
            users,
            issuer,
            refresh_ttl=timedelta(seconds=settings.refresh_ttl_seconds),
        )
        return UsersService(users, sessions, throttle, registrations)

    def add_token_routes(app: FastAPI) -> None:
        @app.get(JWKS_PATH, include_in_schema=False)
        async def jwks() -> JSONResponse:
            headers = {"Cache-Control": f"public, max-age={JWKS_MAX_AGE_SECONDS}"}
            return JSONResponse(issuer.jwks(), headers=headers)

        @app.get(REVOKED_SESSIONS_PATH, include_in_schema=False)
        async def revoked_sessions(request: Request) -> JSONResponse:
            services: UsersService = request.app.state.services
            revoked = await services.sessions.revoked_session_ids()
            return JSONResponse({"revoked": revoked}, headers={"Cache-Control": "no-store"})

    async def create_indexes(db: AsyncDatabase[Document]) -> None:
        await ensure_indexes(db)
        await ensure_attempt_indexes(db)
        await ensure_session_indexes(db)

    # The router verifies user tokens against the JWKS served here and refuses those of the
    # sessions listed as revoked; like every subgraph, this one trusts only the router's
    # credential (subgraphs.common.auth).
    return create_subgraph_app(
        settings=settings,
        schema=schema,
        build_services=build_services,
        configure=add_token_routes,
        ensure_indexes=create_indexes,
    )


app = create_app(UsersSettings())
