"""How many subscriptions a client may hold at once (``ROUTER_SUBSCRIPTIONS_PER_CLIENT``,
across its connections) and a graphql-ws connection may carry
(``ROUTER_SUBSCRIPTIONS_PER_CONNECTION``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

from router.observability.metrics import Gauge
from router.subscriptions.errors import SubscriptionEnded, too_many


class SubscriptionLimits:
    """Counts the live subscriptions of every client (by its rate-limiting key)."""

    def __init__(self, per_client: int, per_connection: int, live: Gauge | None = None) -> None:
        self.per_client = per_client
        self.per_connection = per_connection
        self._live: Counter[str] = Counter()
        self._gauge = live

    def refusal(self, client: str, on_connection: int | None = None) -> dict[str, Any] | None:
        """The error refusing one more subscription, or ``None`` when it is within limits
        (``on_connection``: how many others the graphql-ws connection carries)."""
        if on_connection is not None and on_connection >= self.per_connection:
            return too_many("connection", self.per_connection)
        if self._live[client] >= self.per_client:
            return too_many("client", self.per_client)
        return None

    async def held(self, client: str, events: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """``events``, counted as one of ``client``'s subscriptions while they flow (checked
        again as they start: ``SubscriptionEnded`` when the client is over its limit)."""
        refusal = self.refusal(client)
        if refusal is not None:
            await events.aclose()  # type: ignore[attr-defined]
            raise SubscriptionEnded([refusal])
        self._live[client] += 1
        if self._gauge is not None:
            self._gauge.value += 1
        try:
            async for event in events:
                yield event
        finally:
            self._live[client] -= 1
            if self._gauge is not None:
                self._gauge.value -= 1
            if self._live[client] <= 0:
                del self._live[client]
            await events.aclose()  # type: ignore[attr-defined]
