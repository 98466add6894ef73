"""The one app factory every subgraph uses: FastAPI + Strawberry + MongoDB + auth + health."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from pymongo.asynchronous.database import AsyncDatabase
from strawberry.fastapi import GraphQLRouter
from strawberry.federation import Schema

from subgraphs.common.auth import TokenVerifier, bearer_token
from subgraphs.common.context import SubgraphContext
from subgraphs.common.errors import Unauthenticated
from subgraphs.common.graphiql import add_graphiql_assets, render_graphiql
from subgraphs.common.health import add_health_route
from subgraphs.common.mongo import Document, IndexSetup, Mongo
from subgraphs.common.settings import SubgraphSettings

type ServicesFactory[S] = Callable[[AsyncDatabase[Document], SubgraphSettings], Awaitable[S]]


class _LocalGraphiQLRouter(GraphQLRouter[Any, None]):
    """GraphQL router whose IDE page loads GraphiQL from our own static files (no CDN)."""

    async def render_graphql_ide(self, request: Request) -> Any:
        return render_graphiql(str(request.url.path))


def create_subgraph_app[S](
    *,
    settings: SubgraphSettings,
    schema: Schema,
    build_services: ServicesFactory[S],
    verifier: TokenVerifier | None = None,
    configure: Callable[[FastAPI], None] | None = None,
    ensure_indexes: IndexSetup | None = None,
) -> FastAPI:
    """Build a subgraph app.

    ``build_services`` runs at startup with the subgraph's own database and returns the
    object resolvers reach as ``info.context.services``; it should not talk to the database.
    ``ensure_indexes`` runs in the background at startup and is retried until the database
    answers, so the process starts (``/health`` says 503) while the database is down.
    """
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    token_verifier = verifier or TokenVerifier(
        settings.jwks_url, issuer=settings.jwt_issuer, audience=settings.jwt_audience
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        mongo = Mongo(
            settings.mongodb_uri, settings.mongodb_db, timeout_ms=settings.mongodb_timeout_ms
        )
        app.state.mongo = mongo
        app.state.services = await build_services(mongo.db, settings)
        mongo.start_index_setup(ensure_indexes)
        try:
            yield
        finally:
            await mongo.close()

    async def get_context(request: Request) -> SubgraphContext[S]:
        context = SubgraphContext[S](services=request.app.state.services)
        token = bearer_token(request.headers.get("authorization"))
        if token is not None:
            try:
                context.viewer = await token_verifier.verify(token)
            except Unauthenticated as error:
                context.auth_error = error
        return context

    app = FastAPI(
        title=f"{settings.name} subgraph", lifespan=lifespan, docs_url=None, redoc_url=None
    )
    app.state.settings = settings
    graphql_router = _LocalGraphiQLRouter(schema, context_getter=get_context)
    app.include_router(graphql_router, prefix="/graphql")
    add_health_route(app, settings.name)
    add_graphiql_assets(app)
    if configure is not None:
        configure(app)
    return app
