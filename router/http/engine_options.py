"""The engine's keyword options from the router settings (imported at startup, with the
engine: demand control, document policy, the guards of named rules)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from router.demand import DemandPolicy
from router.guards import GuardFactory
from router.observability.router_metrics import RouterMetrics
from router.pipeline.parse import DocumentPolicy
from router.settings import RouterSettings


def engine_options(
    settings: RouterSettings,
    metrics: RouterMetrics | None,
    guard_factories: Sequence[GuardFactory] = (),
) -> dict[str, Any]:
    """What ``Engine(sdl, transport, **options)`` gets besides the supergraph."""
    options: dict[str, Any] = {
        "plan_cache_size": settings.plan_cache_size,
        "demand_policy": DemandPolicy(
            mode=settings.cost_mode,
            anonymous_budget=settings.cost_budget_anonymous,
            authenticated_budget=settings.cost_budget_authenticated,
            default_list_size=settings.cost_default_list_size,
            in_flight_capacity=settings.cost_in_flight,
            in_flight_free=settings.cost_in_flight_free,
        ),
        "cost_observer": metrics,
        "document_policy": DocumentPolicy(
            introspection=bool(settings.introspection),
            suggestions=bool(settings.field_suggestions),
        ),
    }
    if guard_factories:
        options["guard_factories"] = list(guard_factories)
    return options
