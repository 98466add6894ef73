"""The router's ASGI application: ``/graphql`` (GraphQL over HTTP), ``/health``, ``/ready``,
``/metrics``, GraphiQL and its static assets. Raw ASGI, one dict lookup per route, no framework.

Every ``/graphql`` request is counted (``router.observability.router_metrics``), logged in
one line (``router.access``) and, with tracing on, is a SERVER span.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from plumbing.access import RequestRecord, error_codes
from plumbing.graphiql import STATIC_PREFIX, GraphiQL
from plumbing.request_id import accept_request_id, current_request_id
from plumbing.tokens import InvalidToken
from plumbing.tracing import start_tracing
from router.authentication.jwks import KeysUnavailable
from router.authentication.setup import authenticator_from_settings, credentials_from_settings
from router.errors import RequestError
from router.http.asgi import (
    ClientDisconnected,
    RawHeaders,
    Receive,
    Scope,
    Send,
    header_map,
    read_body,
    send_response,
)
from router.http.client_address import client_address, trusted_networks
from router.http.csrf import require_preflight
from router.http.errors import INTERNAL_ERROR_BODY, HttpError, error_body
from router.http.limits import DocumentLimits
from router.http.media import ResponseMedia, graphql_media, preferences, require_json_content_type
from router.http.operations import GraphQLEngine, OperationCache
from router.http.params import (
    GraphQLParams,
    has_query_parameter,
    params_from_json_body,
    params_from_query_string,
)
from router.interfaces import Identity, RequestContext
from router.observability.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from router.observability.router_metrics import RouterMetrics
from router.settings import RouterSettings, resolve_endpoints
from router.transport import AiohttpSubgraphTransport

if TYPE_CHECKING:
    from plumbing.spans import ServerSpan, Tracing

logger = logging.getLogger("router.http")
access_logger = logging.getLogger("router.access")

EngineFactory = Callable[..., GraphQLEngine]
ContextFactory = Callable[..., Any]

_TRUTHY = frozenset(("true", "1", "yes", "on"))
_JSON = ResponseMedia.JSON.content_type
_HTML = b"text/html; charset=utf-8"
_ALLOW_GET_POST = ((b"allow", b"GET, POST"),)
_ALLOW_POST = ((b"allow", b"POST"),)
_HEALTH_BODY = orjson.dumps({"status": "ok"})
_READY_PROBE = {"query": "query __RouterReadiness { __typename }"}
_READY_TIMEOUT = 2.0
_WWW_AUTHENTICATE = ((b"www-authenticate", b'Bearer error="invalid_token"'),)
_RETRY_AFTER = ((b"retry-after", b"5"),)


@dataclass(slots=True)
class _Response:
    status: int
    body: bytes
    content_type: bytes
    extra_headers: tuple[tuple[bytes, bytes], ...] = ()
    errors: list[dict[str, Any]] | None = None  # the body's errors (for metrics and logs)
    has_data: bool = False


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
        self._explain_header = settings.explain_header if settings.explain_enabled else None
        self._csrf_headers = settings.csrf_preflight_headers if settings.csrf_prevention else None
        self._max_body = settings.max_body_bytes
        self._trusted_proxies = trusted_networks(settings.trusted_proxies)
        self._limits = DocumentLimits(
            max_document_bytes=settings.max_document_bytes,
            max_tokens=settings.max_tokens,
            max_depth=settings.max_depth,
            max_aliases=settings.max_aliases,
            max_root_fields=settings.max_root_fields,
        )
        self._graphiql = GraphiQL(settings.graphql_path) if settings.graphiql_enabled else None
        self._authenticator = authenticator_from_settings(settings)
        self._metrics = RouterMetrics() if settings.metrics else None
        self._access_log = settings.access_log
        self._tracing = tracing
        self._transport = AiohttpSubgraphTransport(
            settings.forward_headers,
            pool_size=settings.subgraph_pool_size,
            credentials=credentials_from_settings(settings),
            metrics=self._metrics,
            tracing=tracing,
        )
        self._engine: GraphQLEngine | None = None
        self._operations: OperationCache | None = None
        self._new_context: ContextFactory = _missing_context_factory

    # -- ASGI entry points -------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            path = scope["path"]
            if path == self._graphql_path:
                await self._graphql(scope, receive, send)
            elif path == "/health":
                await send_response(send, 200, [(b"content-type", _JSON)], _HEALTH_BODY)
            elif path == "/ready":
                await self._ready(send)
            elif path == "/metrics" and self._metrics is not None:
                body = self._metrics.expose()
                await send_response(send, 200, [(b"content-type", METRICS_CONTENT_TYPE)], body)
            elif path.startswith(STATIC_PREFIX) and self._graphiql is not None:
                await self._static(scope, send, self._graphiql)
            else:
                body = orjson.dumps(error_body(f"No route for {path}.", "NOT_FOUND"))
                await send_response(send, 404, [(b"content-type", _JSON)], body)
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
            from router.rules import load_rules, rules_guard_factory

            options["guard_factories"] = [rules_guard_factory(load_rules(self.settings.rules))]
        engine = engine_factory(sdl, self._transport, **options)
        self._transport.bind_endpoints(resolve_endpoints(engine.subgraph_urls, self.settings))
        await self._transport.start()
        self._engine = engine
        self._new_context = self._context_factory or RequestContext
        self._operations = OperationCache(engine, self._limits, self.settings.plan_cache_size)

    async def shutdown(self) -> None:
        await self._transport.close()

    # -- /graphql ------------------------------------------------------------------------

    async def _graphql(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = header_map(scope["headers"])
        request_id = accept_request_id(headers.get("x-request-id"))
        current_request_id.set(request_id)
        record = RequestRecord(scope["method"], scope["path"], request_id)
        span = None if self._tracing is None else self._start_span(record, headers)
        metrics = self._metrics
        if metrics is not None:
            metrics.in_flight.value += 1
        response: _Response | None = None
        try:
            response = await self._answer_graphql(scope, receive, headers, record)
            if response is not None:
                raw_headers: RawHeaders = [
                    (b"content-type", response.content_type),
                    (b"x-request-id", request_id.encode()),
                    *response.extra_headers,
                ]
                await send_response(send, response.status, raw_headers, response.body)
        finally:
            if metrics is not None:
                metrics.in_flight.value -= 1
            self._observe(record, response, span)

    async def _answer_graphql(
        self, scope: Scope, receive: Receive, headers: dict[str, str], record: RequestRecord
    ) -> _Response | None:
        """The response to send (errors included); ``None`` if the client went away."""
        media: ResponseMedia = ResponseMedia.JSON
        try:
            accepted = graphql_media(headers.get("accept"))
            if accepted is not None:
                media = accepted
            return await self._handle_graphql(scope, receive, headers, record, accepted)
        except HttpError as error:
            body = error.body()
            return _Response(
                error.status,
                orjson.dumps(body),
                media.content_type,
                error.headers,
                errors=body["errors"],
            )
        except ClientDisconnected:
            return None
        except Exception:
            logger.exception("unhandled error (request id %s)", record.request_id)
            return _Response(
                500,
                orjson.dumps(INTERNAL_ERROR_BODY),
                media.content_type,
                errors=INTERNAL_ERROR_BODY["errors"],
            )

    def _observe(
        self, record: RequestRecord, response: _Response | None, span: ServerSpan | None
    ) -> None:
        """Count, log and end the span of a finished request (499: the client went away)."""
        seconds = record.elapsed()
        has_data = False
        if response is None:
            record.status = 499
        else:
            record.status = response.status
            has_data = response.has_data
            if response.errors:
                record.error_codes = error_codes(response.errors)
        if self._metrics is not None:
            self._metrics.request_done(
                record.operation_type, record.status, record.error_codes, has_data, seconds
            )
        if self._access_log:
            record.log(access_logger, seconds)
        if span is not None:
            span.finish_request(record)

    def _start_span(self, record: RequestRecord, headers: Mapping[str, str]) -> ServerSpan:
        assert self._tracing is not None
        attributes = {
            "http.request.method": record.method,
            "url.path": record.path,
            "fedcal.request_id": record.request_id,
        }
        return self._tracing.start_server_span(
            f"{record.method} {record.path}", headers, attributes
        )

    async def _handle_graphql(
        self,
        scope: Scope,
        receive: Receive,
        headers: dict[str, str],
        record: RequestRecord,
        media: ResponseMedia | None,
    ) -> _Response:
        method = scope["method"]
        if method == "GET":
            if self._graphiql is not None and self._wants_graphiql(scope, headers):
                return _Response(200, self._graphiql.page, _HTML)
        elif method != "POST":
            raise HttpError(405, f"Method {method} is not allowed.", headers=_ALLOW_GET_POST)
        if media is None:
            raise HttpError(
                406,
                "Not acceptable: accept application/graphql-response+json or application/json.",
            )
        if self._csrf_headers is not None:
            require_preflight(headers, self._csrf_headers)
        identity = await self._identify(headers)
        if method == "GET":
            params = params_from_query_string(scope["query_string"])
        else:
            require_json_content_type(headers.get("content-type"))
            params = params_from_json_body(await read_body(receive, headers, self._max_body))
        client = scope.get("client")
        context = self._new_context(
            headers=headers,
            request_id=record.request_id,
            explain=self._wants_explain(headers),
            identity=identity,
            client_address=client_address(
                client[0] if client else None,
                headers.get("x-forwarded-for"),
                self._trusted_proxies,
            ),
        )
        return await self._execute(method, params, context, media, record)

    async def _identify(self, headers: Mapping[str, str]) -> Identity | None:
        """The verified caller (None: anonymous); 401 for a bad token, 503 without keys."""
        if self._authenticator is None:
            return None
        try:
            return await self._authenticator.identify(headers.get("authorization"))
        except InvalidToken as error:
            raise HttpError(
                401,
                f"Authentication failed: {error.message}",
                code="UNAUTHENTICATED",
                headers=_WWW_AUTHENTICATE,
            ) from None
        except KeysUnavailable:
            raise HttpError(
                503,
                "The token cannot be verified right now (its signing keys are unreachable); "
                "try again shortly.",
                code="UNAUTHENTICATED",
                headers=_RETRY_AFTER,
            ) from None

    def _wants_explain(self, headers: Mapping[str, str]) -> bool:
        explain_header = self._explain_header
        return explain_header is not None and (
            headers.get(explain_header, "").strip().lower() in _TRUTHY
        )

    def _wants_graphiql(self, scope: Scope, headers: Mapping[str, str]) -> bool:
        preferred = preferences(headers.get("accept"))
        return (
            bool(preferred)
            and preferred[0] is ResponseMedia.HTML
            and not has_query_parameter(scope["query_string"])
        )

    async def _execute(
        self,
        method: str,
        params: GraphQLParams,
        context: Any,
        media: ResponseMedia,
        record: RequestRecord,
    ) -> _Response:
        operations = self._operations
        engine = self._engine
        if operations is None or engine is None:
            raise HttpError(503, "The router is starting.", code="INTERNAL_SERVER_ERROR")
        checked = operations.lookup(params.query, params.operation_name)
        if checked is None:
            violation = operations.source_violation(params.query)
            if violation is not None:
                return _request_error(media, violation, "QUERY_TOO_COMPLEX")
            try:
                checked = operations.prepare(params.query, params.operation_name)
            except RequestError as error:
                return _request_errors(media, error.errors, error.status)
        operation_type = record.operation_type = checked.operation_type
        record.operation_name = checked.operation_name
        if checked.violation is not None:
            return _request_error(media, checked.violation, "QUERY_TOO_COMPLEX")
        if operation_type != "query":
            if method == "GET":
                raise HttpError(
                    405,
                    f"A {operation_type} cannot be sent with GET; use POST.",
                    headers=_ALLOW_POST,
                )
            if operation_type == "subscription":
                return _request_error(
                    media, "Subscriptions are not supported over HTTP.", "BAD_REQUEST"
                )
        try:
            result = await engine.execute(checked.prepared, params.variables or {}, context)
        except RequestError as error:
            return _request_errors(media, error.errors, error.status)
        has_data = result.get("data") is not None
        status = 200 if media is ResponseMedia.JSON or "data" in result else 400
        return _Response(
            status,
            orjson.dumps(result),
            media.content_type,
            errors=result.get("errors"),
            has_data=has_data,
        )

    # -- /ready and static assets --------------------------------------------------------

    async def _ready(self, send: Send) -> None:
        engine = self._engine
        if engine is None:
            body = {"status": "starting", "subgraphs": {}}
            await send_response(send, 503, [(b"content-type", _JSON)], orjson.dumps(body))
            return
        names = list(engine.subgraph_urls)
        context = self._new_context(headers={}, request_id="readiness-probe", explain=False)
        outcomes = await asyncio.gather(
            *(
                asyncio.wait_for(self._transport.fetch(name, _READY_PROBE, context), _READY_TIMEOUT)
                for name in names
            ),
            return_exceptions=True,
        )
        subgraphs = {
            name: _probe_state(outcome) for name, outcome in zip(names, outcomes, strict=True)
        }
        ready = all(state == "ok" for state in subgraphs.values())
        body = {"status": "ready" if ready else "degraded", "subgraphs": subgraphs}
        await send_response(
            send, 200 if ready else 503, [(b"content-type", _JSON)], orjson.dumps(body)
        )

    async def _static(self, scope: Scope, send: Send, graphiql: GraphiQL) -> None:
        asset = graphiql.asset(scope["path"])
        if asset is None or scope["method"] not in ("GET", "HEAD"):
            body = orjson.dumps(error_body("Not found.", "NOT_FOUND"))
            await send_response(send, 404, [(b"content-type", _JSON)], body)
            return
        headers = header_map(scope["headers"])
        raw_headers: RawHeaders = [
            (b"content-type", asset.content_type),
            (b"etag", asset.etag),
            (b"cache-control", b"public, max-age=3600"),
            (b"vary", b"accept-encoding"),
        ]
        if headers.get("if-none-match") == asset.etag.decode():
            await send_response(send, 304, raw_headers, b"")
            return
        body = asset.body
        if "gzip" in headers.get("accept-encoding", ""):
            body = asset.gzipped
            raw_headers.append((b"content-encoding", b"gzip"))
        if scope["method"] == "HEAD":
            raw_headers.append((b"content-length", str(len(body)).encode()))
            await send({"type": "http.response.start", "status": 200, "headers": raw_headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send_response(send, 200, raw_headers, body)


def _request_errors(
    media: ResponseMedia, errors: list[dict[str, Any]], status: int = 400
) -> _Response:
    """Errors raised before execution: 200 for application/json, 4xx for the new media type."""
    http_status = 200 if media is ResponseMedia.JSON else status
    return _Response(
        http_status, orjson.dumps({"errors": errors}), media.content_type, errors=errors
    )


def _request_error(media: ResponseMedia, message: str, code: str) -> _Response:
    return _request_errors(media, error_body(message, code)["errors"])


def _probe_state(outcome: object) -> str:
    """``ok`` when the subgraph answered data; why not otherwise (e.g. it refused the call)."""
    if isinstance(outcome, dict):
        if outcome.get("data") is not None:
            return "ok"
        errors = outcome.get("errors")
        first = errors[0] if isinstance(errors, list) and errors else {}
        message = first.get("message") if isinstance(first, dict) else None
        return f"refused: {message or 'no data'}"
    return f"unreachable: {_describe(outcome)}"


def _describe(outcome: object) -> str:
    if isinstance(outcome, TimeoutError):
        return "timed out"
    reason = getattr(outcome, "reason", None)
    return str(reason) if reason else type(outcome).__name__


def _missing_context_factory(**_: Any) -> Any:
    raise RuntimeError("the router has not started")


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
