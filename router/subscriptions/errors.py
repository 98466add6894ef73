"""The errors that end a subscription, with their stable codes."""

from __future__ import annotations

from typing import Any

from router.errors import graphql_error

TOO_MANY_SUBSCRIPTIONS = "TOO_MANY_SUBSCRIPTIONS"
TOKEN_EXPIRED = "UNAUTHENTICATED"
UNSUPPORTED = "BAD_REQUEST"


class SubscriptionEnded(Exception):
    """The stream ends with these GraphQL errors (no more events follow)."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("; ".join(str(error.get("message")) for error in errors))
        self.errors = errors


def token_expired() -> SubscriptionEnded:
    message = "The token expired; subscribe again with a fresh token."
    return SubscriptionEnded([graphql_error(message, TOKEN_EXPIRED, reason="TOKEN_EXPIRED")])


def too_many(scope: str, limit: int) -> dict[str, Any]:
    """The error for one subscription over the ``limit`` of its ``scope``."""
    return graphql_error(
        f"Too many subscriptions: at most {limit} per {scope}.",
        TOO_MANY_SUBSCRIPTIONS,
        limit=limit,
        scope=scope,
    )


def incremental_refused() -> dict[str, Any]:
    """The body for a subscription using ``@defer``/``@stream``."""
    message = "@defer and @stream are not supported in subscriptions; remove them."
    return {"errors": [graphql_error(message, UNSUPPORTED)]}


def not_a_stream() -> dict[str, Any]:
    """The body for a subscription sent as a plain request."""
    message = (
        "A subscription needs a stream: send it with 'Accept: text/event-stream' (GraphQL over"
        " SSE) or over a WebSocket (graphql-transport-ws)."
    )
    return {"errors": [graphql_error(message, UNSUPPORTED)]}


def subscriptions_unavailable() -> dict[str, Any]:
    """The body for a subscription on a router whose transport cannot subscribe."""
    message = "This router cannot subscribe to subgraphs."
    return {"errors": [graphql_error(message, "INTERNAL_SERVER_ERROR")]}
