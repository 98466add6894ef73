"""The users subgraph app: GraphQL, ``/health`` and the public JWKS."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pymongo.asynchronous.database import AsyncDatabase

from subgraphs.common.app import create_subgraph_app
from subgraphs.common.mongo import Document
from subgraphs.common.settings import SubgraphSettings
from subgraphs.users.repository import LoginFailureRepository, UserRepository, ensure_indexes
from subgraphs.users.schema import schema
from subgraphs.users.service import UsersService
from subgraphs.users.settings import UsersSettings
from subgraphs.users.signing import TokenIssuer, load_signing_key
from subgraphs.users.throttle import LoginThrottle

JWKS_PATH = "/.well-known/jwks.json"
JWKS_MAX_AGE_SECONDS = 300


def create_app(settings: UsersSettings) -> FastAPI:
    issuer = TokenIssuer(
        load_signing_key(settings),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        ttl_seconds=settings.jwt_ttl_seconds,
    )

    async def build_services(db: AsyncDatabase[Document], _: SubgraphSettings) -> UsersService:
        throttle = LoginThrottle.from_settings(LoginFailureRepository(db), settings)
        return UsersService(UserRepository(db), issuer, throttle)

    def add_jwks_route(app: FastAPI) -> None:
        @app.get(JWKS_PATH, include_in_schema=False)
        async def jwks() -> JSONResponse:
            headers = {"Cache-Control": f"public, max-age={JWKS_MAX_AGE_SECONDS}"}
            return JSONResponse(issuer.jwks(), headers=headers)

    # The router verifies user tokens against the JWKS served here; like every subgraph,
    # this one trusts only the router's credential (subgraphs.common.auth).
    return create_subgraph_app(
        settings=settings,
        schema=schema,
        build_services=build_services,
        configure=add_jwks_route,
        ensure_indexes=ensure_indexes,
    )


app = create_app(UsersSettings())
