"""The router's ASGI application: ``/graphql`` (GraphQL over HTTP), ``/health``, GraphiQL and
its static assets on the public port; ``/ready`` and ``/metrics`` on the admin port
(``ROUTER_ADMIN_PORT``; on the public port only in development without one). Raw ASGI, one
dict lookup per route, no framework.

The supergraph is watched (``router.hot_reload``): a new valid one replaces the engine.

Every ``/graphql`` request is counted (``router.observability.router_metrics``), logged in
one line (``router.access``) and, with tracing on, is a SERVER span (``observation``).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, cast

import orjson

from plumbing.graphiql import STATIC_PREFIX, GraphiQL
from plumbing.tracing import start_tracing
from router.authentication.setup import authenticator_from_settings, credentials_from_settings
from router.hot_reload import SupergraphWatcher, supergraph_hash
from router.hot_reload.setup import initial_supergraph, supergraph_source
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
from router.ratelimit import rate_limiting_from_settings
from router.settings import RouterSettings, resolve_endpoints
from router.state import RouterDatabase
from router.transport import AiohttpSubgraphTransport
from router.trusted.setup import resolver_from_settings

if TYPE_CHECKING:
    from plumbing.spans import Tracing
    from router.guards import GuardHost
    from router.rules.setup import RulesSetup

logger = logging.getLogger("router.http")

_ADMIN_PATHS = frozenset(("/ready", "/metrics"))


def _local_port(scope: Scope) -> int | None:
    server = scope.get("server")
    return int(server[1]) if server and len(server) > 1 and server[1] is not None else None


async def _not_found(send: Send, path: str) -> None:
    body = orjson.dumps(error_body(f"No route for {path}.", "NOT_FOUND"))
    await send_response(send, 404, [(b"content-type", JSON)], body)


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
        self._admin_port = settings.admin_port
        self._graphiql = GraphiQL(settings.graphql_path) if settings.graphiql_enabled else None
        self._metrics = RouterMetrics() if settings.metrics else None
        self._transport = AiohttpSubgraphTransport(
            settings.forward_headers,
            pool_size=settings.subgraph_pool_size,
            credentials=credentials_from_settings(settings),
            metrics=self._metrics,
            tracing=tracing,
        )
        self._database = (
            RouterDatabase(
                settings.mongodb_uri, settings.mongodb_db, settings.mongodb_credentials()
            )
            if settings.mongodb_uri
            else None
        )
        self._rate_limiting = rate_limiting_from_settings(settings, self._database)
        self._graphql = GraphQLEndpoint(
            settings,
            authenticator_from_settings(settings),
            self._graphiql,
            RequestObserver(self._metrics, settings.access_log, tracing),
            resolver_from_settings(settings),
            self._rate_limiting,
            self._metrics,
        )
        self._engine: GraphQLEngine | None = None
        self._new_context: ContextFactory = RequestContext
        self._watcher: SupergraphWatcher | None = None
        self.supergraph_hash = ""
        self._rules: RulesSetup | None = None
        if settings.rules:
            from router.rules.setup import RulesSetup

            self._rules = RulesSetup(settings, self._database)

    # -- ASGI entry points -------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            if self._admin_port is not None and _local_port(scope) == self._admin_port:
                await self._admin(scope, send)
            else:
                await self._public(scope, receive, send)
        elif kind == "websocket":
            if scope["path"] == self._graphql_path:
                await self._graphql.websocket(scope, receive, send)
            else:
                await send({"type": "websocket.close", "code": 4404})
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    async def _public(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"]
        if path == self._graphql_path:
            await self._graphql(scope, receive, send)
        elif path == "/health":
            await self._health(send)
        elif path in _ADMIN_PATHS and self.settings.admin_on_public_port:
            await self._admin(scope, send)
        elif path.startswith(STATIC_PREFIX) and self._graphiql is not None:
            await serve_asset(scope, send, self._graphiql)
        else:
            await _not_found(send, path)

    async def _admin(self, scope: Scope, send: Send) -> None:
        """``/health``, ``/ready`` and ``/metrics``: the admin port's routes."""
        path = scope["path"]
        if path == "/health":
            await self._health(send)
        elif path == "/ready":
            await send_readiness(send, self._engine, self._transport, self._new_context)
        elif path == "/metrics" and self._metrics is not None:
            body = self._metrics.expose()
            await send_response(send, 200, [(b"content-type", METRICS_CONTENT_TYPE)], body)
        else:
            await _not_found(send, path)

    async def _health(self, send: Send) -> None:
        body = orjson.dumps({"status": "ok", "supergraph": self.supergraph_hash})
        await send_response(send, 200, [(b"content-type", JSON)], body)

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
        """Read the supergraph, build the engine, open the pool and the router's database,
        start rate limiting and watching the supergraph for changes."""
        if not self.settings.admin_on_public_port and self.settings.admin_port is None:
            logger.warning("no ROUTER_ADMIN_PORT: /ready and /metrics are not served")
        source = supergraph_source(self.settings)
        sdl = await initial_supergraph(self.settings, source)
        self._install(self._build(sdl), sdl)
        await self._transport.start()
        if self._database is not None:
            await self._database.start()
        if self._rate_limiting is not None:
            self._rate_limiting.start()
        self._new_context = self._context_factory or RequestContext
        self._graphql.start(self._engine_or_fail(), self._new_context)
        if self._rules is not None:  # an engine built with guard factories is their host
            self._rules.start(cast("GuardHost", self._engine_or_fail()))
        if source is not None:
            self._watcher = SupergraphWatcher(
                source, self.reload, self.settings.supergraph_poll_interval, self.supergraph_hash
            )
            self._watcher.start()

    async def reload(self, sdl: str) -> None:
        """Build an engine for ``sdl`` off the event loop, warm its plans, then swap it in;
        requests already running finish on the old engine. Raises when ``sdl`` is refused."""
        previous = self._engine_or_fail()
        engine = await asyncio.to_thread(self._build, sdl)
        warm = self.settings.supergraph_warm_plans
        made = await asyncio.to_thread(engine.warm_from, previous.operations, warm)
        self._install(engine, sdl)
        self._graphql.start(engine, self._new_context)
        if self._rules is not None:
            self._rules.rebind(cast("GuardHost", engine))
        logger.info("supergraph swapped in; %d plans warmed", made)

    def _build(self, sdl: str) -> GraphQLEngine:
        engine_factory = self._engine_factory
        if engine_factory is None:
            from router.engine import Engine

            engine_factory = Engine
        from router.http.engine_options import engine_options

        guards = [self._rules.guard_factory()] if self._rules is not None else []
        options = engine_options(self.settings, self._metrics, guards)
        return engine_factory(sdl, self._transport, **options)

    def _install(self, engine: GraphQLEngine, sdl: str) -> None:
        self._transport.bind_endpoints(resolve_endpoints(engine.subgraph_urls, self.settings))
        self._engine = engine
        self.supergraph_hash = supergraph_hash(sdl)
        if self._metrics is not None:
            self._metrics.supergraph_loads.inc()

    def _engine_or_fail(self) -> GraphQLEngine:
        if self._engine is None:
            raise RuntimeError("the router has not started")
        return self._engine

    async def shutdown(self) -> None:
        if self._watcher is not None:
            await self._watcher.stop()
        if self._rules is not None:
            await self._rules.stop()
        if self._rate_limiting is not None:
            await self._rate_limiting.stop()
        if self._database is not None:
            await self._database.close()
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
