"""The router's ASGI application: ``/graphql`` (GraphQL over HTTP), ``/health``, ``/ready``,
``/metrics``, GraphiQL and its static assets. Raw ASGI, one dict lookup per route, no framework.

Every ``/graphql`` request is counted (``router.observability.router_metrics``), logged in
one line (``router.access``) and, with tracing on, is a SERVER span (``observation``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

import orjson

from plumbing.graphiql import STATIC_PREFIX, GraphiQL
from plumbing.tracing import start_tracing
from router.authentication.setup import authenticator_from_settings, credentials_from_settings
from router.http.asgi import Receive, Scope, Send, send_response
from router.http.core import ContextFactory, EngineFactory, GraphQLEngine
from router.http.errors import error_body
from router.http.graphql import GraphQLEndpoint
from router.http.observation import RequestObserver
from router.http.readiness import send_readiness
from router.http.responses import JSON
from router.http.static import serve_asset
from router.interfaces import RequestContext
from router.observability.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from router.observability.router_metrics import RouterMetrics
from router.settings import RouterSettings, resolve_endpoints
from router.transport import AiohttpSubgraphTransport

if TYPE_CHECKING:
    from plumbing.spans import Tracing
    from router.guards import GuardHost
    from router.rules.setup import RulesSetup

logger = logging.getLogger("router.http")

_HEALTH_BODY = orjson.dumps({"status": "ok"})


class RouterApp:
    """ASGI callable; the engine and subgraph transport are built at lifespan startup."""

    def __init__(
        self,
        settings: RouterSettings,
        engine_factory: EngineFactory | None = None,
        context_factory: ContextFactory | None = None,
        tracing: Tracing | None = None,
    ) -> None:
        self.settings = settings
        self._engine_factory = engine_factory
        self._context_factory = context_factory
        self._graphql_path = settings.graphql_path
        self._graphiql = GraphiQL(settings.graphql_path) if settings.graphiql_enabled else None
        self._metrics = RouterMetrics() if settings.metrics else None
        self._transport = AiohttpSubgraphTransport(
            settings.forward_headers,
            pool_size=settings.subgraph_pool_size,
            credentials=credentials_from_settings(settings),
            metrics=self._metrics,
            tracing=tracing,
        )
        self._graphql = GraphQLEndpoint(
            settings,
            authenticator_from_settings(settings),
            self._graphiql,
            RequestObserver(self._metrics, settings.access_log, tracing),
        )
        self._engine: GraphQLEngine | None = None
        self._new_context: ContextFactory = RequestContext
        self._rules: RulesSetup | None = None

    # -- ASGI entry points -------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            path = scope["path"]
            if path == self._graphql_path:
                await self._graphql(scope, receive, send)
            elif path == "/health":
                await send_response(send, 200, [(b"content-type", JSON)], _HEALTH_BODY)
            elif path == "/ready":
                await send_readiness(send, self._engine, self._transport, self._new_context)
            elif path == "/metrics" and self._metrics is not None:
                body = self._metrics.expose()
                await send_response(send, 200, [(b"content-type", METRICS_CONTENT_TYPE)], body)
            elif path.startswith(STATIC_PREFIX) and self._graphiql is not None:
                await serve_asset(scope, send, self._graphiql)
            else:
                body = orjson.dumps(error_body(f"No route for {path}.", "NOT_FOUND"))
                await send_response(send, 404, [(b"content-type", JSON)], body)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.startup()
                except Exception as error:
                    logger.exception("router startup failed")
                    await send({"type": "lifespan.startup.failed", "message": str(error)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def startup(self) -> None:
        """Read the supergraph, build the engine, bind subgraph endpoints, open the pool."""
        engine_factory = self._engine_factory
        if engine_factory is None:
            from router.engine import Engine

            engine_factory = Engine
        sdl = self.settings.supergraph.read_text(encoding="utf-8")
        options: dict[str, Any] = {"plan_cache_size": self.settings.plan_cache_size}
        if self.settings.rules:
            from router.rules.setup import RulesSetup

            self._rules = RulesSetup(self.settings)
            options["guard_factories"] = [self._rules.guard_factory()]
        engine = engine_factory(sdl, self._transport, **options)
        self._transport.bind_endpoints(resolve_endpoints(engine.subgraph_urls, self.settings))
        await self._transport.start()
        self._engine = engine
        self._new_context = self._context_factory or RequestContext
        self._graphql.start(engine, self._new_context)
        if self._rules is not None:
            self._rules.start(cast("GuardHost", engine))  # an engine built with guard factories

    async def shutdown(self) -> None:
        if self._rules is not None:
            await self._rules.stop()
        await self._transport.close()


def create_app(
    settings: RouterSettings | None = None,
    engine_factory: EngineFactory | None = None,
    context_factory: ContextFactory | None = None,
) -> RouterApp:
    """Build the ASGI app from ``settings`` (default: read ``ROUTER_*`` from the environment).

    Tracing is started here (once per worker process) when ``OTEL_*`` asks for it.
    """
    return RouterApp(
        settings or RouterSettings(),
        engine_factory,
        context_factory,
        tracing=start_tracing("router"),
    )
