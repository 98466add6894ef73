"""The one app factory every subgraph uses: FastAPI + Strawberry + MongoDB + auth + health.

Every GraphQL request (POST, or GET with a query; ``_entities`` and ``_service`` included)
must carry the router's credential or gets ``401`` with an UNAUTHENTICATED error; the
GraphiQL page, its assets, ``/health`` and ``/ready`` need none. Subscriptions are served
over WebSocket (``graphql-transport-ws``) at the same path: the credential comes in the
upgrade request's ``authorization`` header or in ``connection_init``'s
``{"headers": {"authorization": ...}}``; without a valid one the connection is closed
(4403) before anything executes. Each subgraph gets a :class:`ChangeFeed` in its database.
Every request is logged with the router's request id and, with tracing on, continues the
router's trace (``subgraphs.common.observability``).
"""

from __future__ import annotations

import logging.config
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pymongo.asynchronous.database import AsyncDatabase
from starlette.requests import HTTPConnection
from starlette.websockets import WebSocket
from strawberry.exceptions import ConnectionRejectionError
from strawberry.fastapi import GraphQLRouter
from strawberry.federation import Schema
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UnsetType

from plumbing.tracing import start_tracing
from subgraphs.common.auth import (
    DirectCallRefused,
    RouterCredentialVerifier,
    load_router_public_key,
)
from subgraphs.common.changes import ChangeFeed
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

type ServicesFactory[S] = Callable[
    [AsyncDatabase[Document], SubgraphSettings, ChangeFeed], Awaitable[S]
]


class _SubgraphGraphQLRouter(GraphQLRouter[Any, None]):
    """GraphQL over HTTP and ``graphql-transport-ws``; GraphiQL from our own static files."""

    def __init__(self, schema: Schema, verifier: RouterCredentialVerifier, **options: Any) -> None:
        super().__init__(schema, subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,), **options)
        self._verifier = verifier

    async def render_graphql_ide(self, request: Request) -> Any:
        return render_graphiql(str(request.url.path))

    async def on_ws_connect(self, context: Any) -> UnsetType | dict[str, object] | None:
        """Admit a WebSocket only with the router's credential (header or init payload)."""
        assert isinstance(context, SubgraphContext)
        authorization = _ws_authorization(context)
        try:
            context.viewer = self._verifier.viewer_of(authorization)
        except DirectCallRefused as refusal:
            raise ConnectionRejectionError({"message": refusal.message}) from None
        return await super().on_ws_connect(context)


def _ws_authorization(context: SubgraphContext[Any]) -> str | None:
    """The upgrade request's ``authorization``, else the one in ``connection_init``."""
    request = context.request
    if isinstance(request, WebSocket) and "authorization" in request.headers:
        return request.headers["authorization"]
    params = context.connection_params
    headers = params.get("headers") if isinstance(params, dict) else None
    if not isinstance(headers, dict):
        return None
    value = next((v for k, v in headers.items() if str(k).lower() == "authorization"), None)
    return value if isinstance(value, str) else None


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
        changes = ChangeFeed(mongo.db, settings.change_options())
        app.state.mongo = mongo
        app.state.services = await build_services(mongo.db, settings, changes)
        mongo.start_index_setup(_with_change_indexes(ensure_indexes, changes))
        try:
            yield
        finally:
            await changes.close()
            await mongo.close()

    async def get_context(request: HTTPConnection) -> SubgraphContext[S]:
        context = SubgraphContext[S](services=request.app.state.services)
        if isinstance(request, WebSocket):
            return context  # verified once the connection is initialised (on_ws_connect)
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
    graphql_router = _SubgraphGraphQLRouter(schema, verifier, context_getter=get_context)
    app.include_router(graphql_router, prefix="/graphql")
    add_health_route(app, settings.name)
    app.add_middleware(RequestObservability, tracing=start_tracing(settings.name))
    add_graphiql_assets(app)
    if configure is not None:
        configure(app)
    return app


def _with_change_indexes(setup: IndexSetup | None, changes: ChangeFeed) -> IndexSetup:
    async def both(db: AsyncDatabase[Document]) -> None:
        if setup is not None:
            await setup(db)
        await changes.ensure_indexes()

    return both


def _is_graphiql_page(request: HTTPConnection) -> bool:
    """Strawberry renders GraphiQL (and executes nothing) for exactly these requests."""
    accept = request.headers.get("accept", "")
    return (
        isinstance(request, Request)
        and request.method == "GET"
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
