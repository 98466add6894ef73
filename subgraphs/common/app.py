"""The one app factory every subgraph uses: FastAPI + Strawberry + MongoDB + auth + health.

Every GraphQL request (POST, or GET with a query; ``_entities`` and ``_service`` included)
must carry the router's credential or gets ``401`` with an UNAUTHENTICATED error; the
GraphiQL page, its assets, ``/health`` and ``/ready`` need none. Every request is logged
with the router's request id and, with tracing on, continues the router's trace
(``subgraphs.common.observability``).
"""

from __future__ import annotations

import logging.config
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pymongo.asynchronous.database import AsyncDatabase
from strawberry.fastapi import GraphQLRouter
from strawberry.federation import Schema

from plumbing.tracing import start_tracing
from subgraphs.common.auth import (
    DirectCallRefused,
    RouterCredentialVerifier,
    load_router_public_key,
)
from subgraphs.common.context import SubgraphContext
from subgraphs.common.graphiql import add_graphiql_assets, render_graphiql
from subgraphs.common.health import add_health_route
from subgraphs.common.mongo import Document, IndexSetup, Mongo
from subgraphs.common.observability import (
    NO_NATIVE_TELEMETRY,
    RequestObservability,
    subgraph_logging_config,
)
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
    configure: Callable[[FastAPI], None] | None = None,
    ensure_indexes: IndexSetup | None = None,
) -> FastAPI:
    """Build a subgraph app.

    ``build_services`` runs at startup with the subgraph's own database and returns the
    object resolvers reach as ``info.context.services``; it should not talk to the database.
    ``ensure_indexes`` runs in the background at startup and is retried until the database
    answers, so the process starts (``/health`` says 503) while the database is down.
    """
    logging.config.dictConfig(subgraph_logging_config(settings))
    verifier = RouterCredentialVerifier(
        load_router_public_key(settings),
        issuer=settings.router_internal_issuer,
        audience=settings.router_internal_audience,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        mongo = Mongo(
            settings.mongodb_uri,
            settings.mongodb_db,
            timeout_ms=settings.mongodb_timeout_ms,
            credentials=settings.mongodb_credentials(),
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
        if not _is_graphiql_page(request):  # raises DirectCallRefused: see the handler below
            context.viewer = verifier.viewer_of(request.headers.get("authorization"))
        return context

    app = FastAPI(
        title=f"{settings.name} subgraph",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        telemetry=NO_NATIVE_TELEMETRY,  # spans come from RequestObservability, like the router's
    )
    app.state.settings = settings
    app.add_exception_handler(DirectCallRefused, _refuse_direct_call)
    graphql_router = _LocalGraphiQLRouter(schema, context_getter=get_context)
    app.include_router(graphql_router, prefix="/graphql")
    add_health_route(app, settings.name)
    app.add_middleware(RequestObservability, tracing=start_tracing(settings.name))
    add_graphiql_assets(app)
    if configure is not None:
        configure(app)
    return app


def _is_graphiql_page(request: Request) -> bool:
    """Strawberry renders GraphiQL (and executes nothing) for exactly these requests."""
    accept = request.headers.get("accept", "")
    return (
        request.method == "GET"
        and request.query_params.get("query") is None
        and ("text/html" in accept or "*/*" in accept)
    )


async def _refuse_direct_call(_: Request, error: Exception) -> JSONResponse:
    message = str(error)
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": "UNAUTHENTICATED"}}]},
        status_code=401,
        headers={"www-authenticate": 'Bearer error="invalid_token"'},
    )
