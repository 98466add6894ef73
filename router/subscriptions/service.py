"""What every subscription gets whatever its protocol: the client's limits, keep-alives and
its end at token expiry."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from router.interfaces import RequestContext
from router.observability.router_metrics import RouterMetrics
from router.ratelimit import caller_key
from router.settings import RouterSettings
from router.subscriptions.errors import SubscriptionEnded
from router.subscriptions.lifetime import expiry_of, guarded
from router.subscriptions.limits import SubscriptionLimits


class Subscriptions:
    """The router's live subscriptions (``ROUTER_SUBSCRIPTION*`` settings)."""

    def __init__(self, settings: RouterSettings, metrics: RouterMetrics | None = None) -> None:
        self.limits = SubscriptionLimits(
            settings.subscriptions_per_client,
            settings.subscriptions_per_connection,
            metrics.subscriptions_live if metrics is not None else None,
        )
        self.keepalive = settings.subscription_keepalive
        self.init_timeout = settings.subscription_init_timeout

    @staticmethod
    def client_of(context: RequestContext) -> str:
        return caller_key(context.identity, context.client_address)

    def refusal(self, context: RequestContext, on_connection: int | None = None) -> Any:
        """The error refusing one more subscription of this caller, or ``None``."""
        return self.limits.refusal(self.client_of(context), on_connection)

    def stream(
        self, events: AsyncIterator[dict[str, Any]], context: RequestContext, keepalive: bool
    ) -> AsyncIterator[dict[str, Any] | None]:
        """``events`` counted against the caller's limit, ended when its token expires, with
        ``None`` keep-alive ticks if ``keepalive``."""
        held = self.limits.held(self.client_of(context), events)
        every = self.keepalive if keepalive else None
        return guarded(held, every, expiry_of(context.identity))


async def with_final_errors(
    payloads: AsyncIterator[dict[str, Any] | None],
) -> AsyncIterator[dict[str, Any] | None]:
    """The payloads; a ``SubscriptionEnded`` becomes a last payload with its errors."""
    try:
        async for payload in payloads:
            yield payload
    except SubscriptionEnded as ended:
        yield {"errors": ended.errors}
    finally:
        await payloads.aclose()  # type: ignore[attr-defined]
