"""``/graphql``: GraphQL over HTTP, from the request's parameters to the response sent."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import partial
from typing import Any

import orjson

from plumbing.access import RequestRecord
from plumbing.client_address import client_address, trusted_networks
from plumbing.graphiql import GraphiQL
from plumbing.request_id import accept_request_id, current_request_id
from router.authentication.authenticator import Authenticator
from router.errors import RequestError
from router.http.admission import admit_params
from router.http.asgi import (
    ClientDisconnected,
    RawHeaders,
    Receive,
    Scope,
    Send,
    header_map,
    read_body,
    send_response,
    send_streaming,
)
from router.http.core import ContextFactory, GraphQLEngine
from router.http.csrf import require_preflight
from router.http.errors import INTERNAL_ERROR_BODY, HttpError
from router.http.explain import wants_explain
from router.http.graphiql import PAGE_CONTENT_TYPE, wants_graphiql
from router.http.identify import identify
from router.http.limits import DocumentLimits
from router.http.media import (
    ResponseMedia,
    graphql_media,
    require_json_content_type,
    stream_format,
)
from router.http.observation import RequestObserver
from router.http.params import GraphQLParams, params_from_json_body, params_from_query_string
from router.http.responses import Response, request_errors
from router.http.streams import StreamFormat, single
from router.observability.router_metrics import RouterMetrics
from router.ratelimit import RateLimiting, caller_key
from router.settings import RouterSettings
from router.subscriptions.operation_ws import OperationSetup
from router.subscriptions.protocol_ws import GraphQLWebSocket
from router.subscriptions.service import Subscriptions
from router.subscriptions.sse import subscription_over_sse
from router.trusted import DocumentResolver

logger = logging.getLogger("router.http")

_ALLOW_GET_POST = ((b"allow", b"GET, POST"),)
_ALLOW_POST = ((b"allow", b"POST"),)


class GraphQLEndpoint:
    """Answers ``/graphql`` once ``start`` gave it the engine (503 before)."""

    def __init__(
        self,
        settings: RouterSettings,
        authenticator: Authenticator | None,
        graphiql: GraphiQL | None,
        observer: RequestObserver,
        documents: DocumentResolver,
        rate_limiting: RateLimiting | None = None,
        metrics: RouterMetrics | None = None,
    ) -> None:
        self._subscriptions = Subscriptions(settings, metrics)
        self._explain_header = settings.explain_header if settings.explain_enabled else None
        self._csrf_headers = settings.csrf_preflight_headers if settings.csrf_prevention else None
        self._max_body = settings.max_body_bytes
        self._body_timeout = settings.body_read_timeout
        self._trusted_proxies = trusted_networks(settings.trusted_proxies)
        self._limits = DocumentLimits(
            max_document_bytes=settings.max_document_bytes,
            max_tokens=settings.max_tokens,
            max_depth=settings.max_depth,
            max_aliases=settings.max_aliases,
            max_root_fields=settings.max_root_fields,
        )
        self._authenticator = authenticator
        self._documents = documents
        self._rate_limiting = rate_limiting
        self._graphiql = graphiql
        self._observer = observer
        self._engine: GraphQLEngine | None = None
        self._new_context: ContextFactory = _not_started
        admit_caller = partial(_admit, rate_limiting) if rate_limiting is not None else None
        setup = OperationSetup(
            self._subscriptions, documents, self._limits, self._explain_header, admit_caller
        )
        self.websocket = GraphQLWebSocket(setup, authenticator, self._address)

    def start(self, engine: GraphQLEngine, new_context: ContextFactory) -> None:
        self._engine = engine
        self._new_context = new_context
        self.websocket.start(engine, new_context)

    def _address(self, scope: Scope, headers: Mapping[str, str]) -> str | None:
        """The client's address (``x-forwarded-for`` only from a trusted proxy)."""
        client = scope.get("client")
        return client_address(
            client[0] if client else None, headers.get("x-forwarded-for"), self._trusted_proxies
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = header_map(scope["headers"])
        request_id = accept_request_id(headers.get("x-request-id"))
        current_request_id.set(request_id)
        record = RequestRecord(scope["method"], scope["path"], request_id)
        span = self._observer.start(record, headers)
        response: Response | None = None
        try:
            response = await self._answer(scope, receive, headers, record)
            if response is not None:
                raw_headers: RawHeaders = [
                    (b"content-type", response.content_type),
                    (b"x-request-id", request_id.encode()),
                    *response.extra_headers,
                ]
                if response.stream is not None:
                    await send_streaming(
                        send, receive, response.status, raw_headers, response.stream
                    )
                else:
                    await send_response(send, response.status, raw_headers, response.body)
        finally:
            self._observer.finish(record, response, span)

    async def _answer(
        self, scope: Scope, receive: Receive, headers: dict[str, str], record: RequestRecord
    ) -> Response | None:
        """The response to send (errors included); ``None`` if the client went away."""
        media: ResponseMedia = ResponseMedia.JSON
        try:
            accepted = graphql_media(headers.get("accept"))
            if accepted is not None:
                media = accepted
            return await self._handle(scope, receive, headers, record, accepted)
        except HttpError as error:
            body = error.body()
            return Response(
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
            return Response(
                500,
                orjson.dumps(INTERNAL_ERROR_BODY),
                media.content_type,
                errors=INTERNAL_ERROR_BODY["errors"],
            )

    async def _handle(
        self,
        scope: Scope,
        receive: Receive,
        headers: dict[str, str],
        record: RequestRecord,
        media: ResponseMedia | None,
    ) -> Response:
        method = scope["method"]
        if method == "GET":
            if self._graphiql is not None and wants_graphiql(scope, headers):
                return Response(200, self._graphiql.page, PAGE_CONTENT_TYPE)
        elif method != "POST":
            raise HttpError(405, f"Method {method} is not allowed.", headers=_ALLOW_GET_POST)
        streamed = stream_format(headers.get("accept"))
        json_accepted = media is not None
        if media is None:
            if streamed is None:
                raise HttpError(
                    406,
                    "Not acceptable: accept application/graphql-response+json, application/json, "
                    "multipart/mixed or text/event-stream.",
                )
            media = ResponseMedia.JSON
        if self._csrf_headers is not None:
            require_preflight(headers, self._csrf_headers)
        identity = await identify(self._authenticator, headers)
        address = self._address(scope, headers)
        if self._rate_limiting is not None:
            await _admit(self._rate_limiting, caller_key(identity, address))
        if method == "GET":
            params = params_from_query_string(scope["query_string"])
        else:
            require_json_content_type(headers.get("content-type"))
            body = await read_body(receive, headers, self._max_body, self._body_timeout)
            params = params_from_json_body(body)
        context = self._new_context(
            headers=headers,
            request_id=record.request_id,
            explain=wants_explain(headers, self._explain_header),
            identity=identity,
            client_address=address,
        )
        return await self._execute(method, params, context, media, record, streamed, json_accepted)

    async def _execute(
        self,
        method: str,
        params: GraphQLParams,
        context: Any,
        media: ResponseMedia,
        record: RequestRecord,
        streamed: StreamFormat | None = None,
        json_accepted: bool = True,
    ) -> Response:
        engine = self._engine
        if engine is None:
            raise HttpError(503, "The router is starting.", code="INTERNAL_SERVER_ERROR")
        try:
            parsed = admit_params(engine, self._limits, self._documents, params)
        except RequestError as error:
            return request_errors(media, error.errors, error.status)
        operation_type = record.operation_type = parsed.operation_type
        record.operation_name = parsed.operation_name
        sse = streamed is StreamFormat.EVENT_STREAM
        if operation_type == "subscription" and sse:
            variables = params.variables or {}
            return await subscription_over_sse(
                self._subscriptions, engine, parsed, variables, context
            )
        if operation_type != "query" and method == "GET":
            raise HttpError(
                405, f"A {operation_type} cannot be sent with GET; use POST.", headers=_ALLOW_POST
            )
        if streamed is not None:  # incremental payloads, or one result the client can read
            variables = params.variables or {}
            payloads = engine.execute_incremental(parsed, variables, context)
            if payloads is None and not json_accepted:
                payloads = single(await engine.execute(parsed, variables, context))
            if payloads is not None:
                return Response(200, b"", streamed.content_type, stream=streamed.body(payloads))
        try:
            result = await engine.execute(parsed, params.variables or {}, context)
        except RequestError as error:
            return request_errors(media, error.errors, error.status)
        status = 200 if media is ResponseMedia.JSON or "data" in result else 400
        return Response(
            status,
            orjson.dumps(result),
            media.content_type,
            errors=result.get("errors"),
            has_data=result.get("data") is not None,
        )


async def _admit(rate_limiting: RateLimiting, key: str) -> None:
    """Raise ``RATE_LIMITED`` (429 with ``Retry-After``, after the tarpit's delay) when ``key``
    is over its limit."""
    wait = rate_limiting.limiter.admit(key)
    if wait is not None:
        await rate_limiting.tarpit.hold(wait)
        raise HttpError(
            429,
            f"Too many requests; retry in {wait} s.",
            code="RATE_LIMITED",
            headers=((b"retry-after", str(wait).encode()),),
            extensions={"retryAfter": wait},
        )


def _not_started(**_: Any) -> Any:
    raise RuntimeError("the router has not started")
