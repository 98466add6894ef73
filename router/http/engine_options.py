"""The engine's keyword options from the router settings (imported at startup, with the
engine: demand control, document policy, named rules)."""

from __future__ import annotations

from typing import Any

from router.demand import DemandPolicy
from router.observability.router_metrics import RouterMetrics
from router.pipeline.parse import DocumentPolicy
from router.settings import RouterSettings


def engine_options(settings: RouterSettings, metrics: RouterMetrics | None) -> dict[str, Any]:
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
    if settings.rules:
        from router.rules import load_rules, rules_guard_factory

        options["guard_factories"] = [rules_guard_factory(load_rules(settings.rules))]
    return options
