"""Subgraph HTTP client: pooled keep-alive aiohttp connections, orjson bodies.

aiohttp was measured at ~12x the throughput of httpx's AsyncClient for small JSON POSTs on
loopback (2.6k vs 0.2k req/s on one core), so it is the subgraph client.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Mapping
from time import perf_counter
from typing import TYPE_CHECKING, Any

import aiohttp
import orjson

from router.authentication.credentials import InternalCredentials
from router.errors import SubgraphUnavailable
from router.interfaces import RequestContext
from router.observability.router_metrics import RouterMetrics
from router.settings import SubgraphEndpoint
from router.subscriptions.upstream import subscribe_upstream

if TYPE_CHECKING:
    from plumbing.spans import Tracing

logger = logging.getLogger("router.transport")

_BASE_HEADERS = {
    "content-type": "application/json",
    "accept": "application/graphql-response+json, application/json",
}


class AiohttpSubgraphTransport:
    """``SubgraphTransport`` over one shared aiohttp session (create it inside the loop).

    With ``credentials``, every request carries ``Authorization: Bearer <router credential>``
    (replacing any forwarded ``authorization``); ``x-forwarded-for`` names the client.
    Each call's duration (and failure) goes to ``metrics``; with ``tracing``, each call is a
    CLIENT span whose ``traceparent`` is sent along. Calls are logged at debug level.
    """

    def __init__(
        self,
        forward_headers: Iterable[str],
        pool_size: int = 512,
        credentials: InternalCredentials | None = None,
        metrics: RouterMetrics | None = None,
        tracing: Tracing | None = None,
    ) -> None:
        self._metrics = metrics
        self._tracing = tracing
        self._forward_headers = tuple(name.lower() for name in forward_headers)
        self._credentials = credentials
        self._pool_size = pool_size
        self._endpoints: dict[str, tuple[str, aiohttp.ClientTimeout]] = {}
        self._session: aiohttp.ClientSession | None = None
        # Upstream subscriptions hold their connection for as long as they live: their own
        # session, without the fetch pool's per-subgraph limit.
        self._ws_session: aiohttp.ClientSession | None = None

    def bind_endpoints(self, endpoints: Mapping[str, SubgraphEndpoint]) -> None:
        """Set the URL and timeout of every subgraph (known only once the supergraph is read)."""
        self._endpoints = {
            name: (endpoint.url, aiohttp.ClientTimeout(total=endpoint.timeout))
            for name, endpoint in endpoints.items()
        }

    def _headers(self, context: RequestContext) -> dict[str, str]:
        """Base headers, configured incoming ones, the credential and the client address.

        ``x-request-id`` is the router's (maybe generated) id.
        """
        incoming = context.headers
        headers = {name: incoming[name] for name in self._forward_headers if name in incoming}
        if "x-request-id" in self._forward_headers:
            headers["x-request-id"] = context.request_id
        if self._credentials is not None:
            headers["authorization"] = f"Bearer {self._credentials.for_caller(context.identity)}"
        if context.client_address is not None:
            headers["x-forwarded-for"] = context.client_address
        return {**_BASE_HEADERS, **headers}

    async def start(self) -> None:
        if self._session is None:
            connector = aiohttp.TCPConnector(
                limit=0, limit_per_host=self._pool_size, ttl_dns_cache=300
            )
            self._session = aiohttp.ClientSession(
                connector=connector, skip_auto_headers=("user-agent",)
            )
            self._ws_session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=0), skip_auto_headers=("user-agent",)
            )

    async def close(self) -> None:
        for session in (self._session, self._ws_session):
            if session is not None:
                await session.close()
        self._session = self._ws_session = None

    async def fetch(
        self, subgraph: str, body: dict[str, Any], context: RequestContext
    ) -> dict[str, Any]:
        """POST ``body`` to ``subgraph``; ``SubgraphUnavailable`` unless it answers GraphQL."""
        endpoint = self._endpoints.get(subgraph)
        if endpoint is None:
            raise SubgraphUnavailable(subgraph, "unknown subgraph", "NOT_CONFIGURED")
        headers = self._headers(context)
        try:
            if self._tracing is None:
                return await self._post(subgraph, endpoint, body, headers)
            url = endpoint[0]
            attributes = {
                "fedcal.subgraph": subgraph,
                "http.request.method": "POST",
                "url.full": url,
            }
            with self._tracing.client_span(f"fetch {subgraph}", headers, attributes):
                return await self._post(subgraph, endpoint, body, headers)
        except SubgraphUnavailable as error:  # the detail stays in the logs
            logger.warning("subgraph %s unavailable: %s", subgraph, error.reason)
            raise

    def subscribe(
        self, subgraph: str, body: dict[str, Any], context: RequestContext
    ) -> AsyncIterator[dict[str, Any]]:
        """The events of a subscription on ``subgraph`` (graphql-transport-ws), sent with the
        headers of a fetch; ``SubgraphUnavailable`` when it cannot be reached or goes away."""
        endpoint = self._endpoints.get(subgraph)
        session = self._ws_session
        if endpoint is None or session is None:
            raise SubgraphUnavailable(subgraph, "unknown subgraph", "NOT_CONFIGURED")
        url, timeout = endpoint
        headers = {
            name: value
            for name, value in self._headers(context).items()
            if name not in _BASE_HEADERS
        }
        return subscribe_upstream(session, subgraph, url, headers, body, timeout.total or 10.0)

    async def _post(
        self,
        subgraph: str,
        endpoint: tuple[str, aiohttp.ClientTimeout],
        body: dict[str, Any],
        headers: dict[str, str],
    ) -> dict[str, Any]:
        session = self._session
        if session is None:
            raise SubgraphUnavailable(subgraph, "transport not started", "NOT_CONFIGURED")
        url, timeout = endpoint
        started = perf_counter()
        status = 0
        failure: str | None = "cancelled"
        try:
            async with session.post(
                url, data=orjson.dumps(body), headers=headers, timeout=timeout
            ) as response:
                status = response.status
                raw = await response.read()
            failure = "bad_response"
            decoded = _decode_graphql_response(subgraph, status, raw)
            failure = None
        except TimeoutError:
            failure = "timeout"
            reason = f"timed out after {timeout.total:g}s"
            raise SubgraphUnavailable(subgraph, reason, "TIMEOUT") from None
        except (aiohttp.ClientError, OSError) as error:
            failure = "connection"
            reason = f"connection failed ({type(error).__name__}: {error})"  # logs only
            raise SubgraphUnavailable(subgraph, reason) from None
        finally:
            self._observe(subgraph, perf_counter() - started, status, failure)
        return decoded

    def _observe(self, subgraph: str, seconds: float, status: int, failure: str | None) -> None:
        if self._metrics is not None:
            self._metrics.fetch_done(subgraph, seconds, failure)
        if logger.isEnabledFor(logging.DEBUG):
            fields = {
                "subgraph": subgraph,
                "status": status,
                "duration_ms": round(seconds * 1000.0, 2),
                "failure": failure,
            }
            logger.debug("fetch %s", subgraph, extra={"fields": fields})


def _decode_graphql_response(subgraph: str, status: int, raw: bytes) -> dict[str, Any]:
    """Accept any status whose body is a GraphQL response; anything else is unavailability."""
    try:
        decoded = orjson.loads(raw)
    except orjson.JSONDecodeError:
        reason = f"HTTP {status} with a non-JSON body"
        raise SubgraphUnavailable(subgraph, reason, "BAD_RESPONSE") from None
    if isinstance(decoded, dict) and ("data" in decoded or "errors" in decoded):
        return decoded
    reason = f"HTTP {status} without a GraphQL response body"
    raise SubgraphUnavailable(subgraph, reason, "BAD_RESPONSE")
