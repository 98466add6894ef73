"""Types shared by the engine, the executor and the HTTP layer (re-exported by `engine`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class Identity:
    """The caller, as stated by a verified token (``None`` in the context = anonymous)."""

    subject: str
    scopes: frozenset[str] = frozenset()
    claims: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RequestContext:
    """Per-request data the router core passes along to the transport."""

    headers: Mapping[str, str]  # incoming headers (lowercased names) to forward as configured
    request_id: str
    explain: bool = False  # include the query plan in extensions["queryPlan"]
    identity: Identity | None = None  # the verified caller; None when anonymous
    client_address: str | None = None  # the HTTP peer's address (for per-client limits)


class SubgraphTransport(Protocol):
    """Sends one GraphQL request to a subgraph (implemented by `router.transport`)."""

    async def fetch(
        self, subgraph: str, body: dict[str, Any], context: RequestContext
    ) -> dict[str, Any]:
        """POST body ({"query","variables","operationName"}); return the decoded JSON response.

        Raises `router.errors.SubgraphUnavailable` on connection error, timeout, non-JSON or
        5xx-without-body.
        """
        ...


@runtime_checkable
class SubscriptionTransport(Protocol):
    """Subscribes to a subgraph (implemented by `router.transport` over graphql-transport-ws)."""

    def subscribe(
        self, subgraph: str, body: dict[str, Any], context: RequestContext
    ) -> AsyncIterator[dict[str, Any]]:
        """The subgraph's event payloads (``data``/``errors``); raises
        `router.errors.SubgraphUnavailable` when it cannot be reached or goes away, and
        `router.subscriptions.errors.SubscriptionEnded` when it refuses the operation."""
        ...
