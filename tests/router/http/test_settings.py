"""Settings profiles and per-subgraph environment overrides (pure functions, no processes)."""

from __future__ import annotations

import os

import pytest

from router.settings import RouterSettings, SubgraphEndpoint, env_name, resolve_endpoints


@pytest.fixture(autouse=True)
def clean_router_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("ROUTER_"):
            monkeypatch.delenv(name)


def test_development_profile_enables_explain_and_graphiql() -> None:
    settings = RouterSettings()
    assert settings.explain_enabled and settings.graphiql_enabled


def test_production_profile_disables_them_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROUTER_ENV", "production")
    assert not RouterSettings().explain_enabled
    assert not RouterSettings().graphiql_enabled
    monkeypatch.setenv("ROUTER_ALLOW_EXPLAIN", "true")
    assert RouterSettings().explain_enabled


def test_abuse_defaults_per_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    development = RouterSettings()
    assert development.introspection and development.field_suggestions
    assert development.rate_limit_requests == 0  # off
    assert development.admin_on_public_port
    monkeypatch.setenv("ROUTER_ENV", "production")
    production = RouterSettings()
    assert not production.introspection and not production.field_suggestions
    assert production.rate_limit_requests == 600
    assert not production.admin_on_public_port
    assert production.cost_mode == "enforce"
    assert production.cost_budget_anonymous < production.cost_budget_authenticated


def test_header_lists_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROUTER_FORWARD_HEADERS", "Authorization, X-Tenant")
    monkeypatch.setenv("ROUTER_EXPLAIN_HEADER", "X-Plan")
    settings = RouterSettings()
    assert settings.forward_headers == ("authorization", "x-tenant")
    assert settings.explain_header == "x-plan"


def test_subgraph_overrides() -> None:
    settings = RouterSettings(subgraph_timeout=10.0)
    environ = {
        "ROUTER_SUBGRAPH_USERS_URL": "http://users:4001/graphql",
        "ROUTER_SUBGRAPH_MY_EVENTS_TIMEOUT": "2.5",
    }
    endpoints = resolve_endpoints(
        {"users": "http://localhost:4001/graphql", "my-events": "http://e/graphql"},
        settings,
        environ,
    )
    assert endpoints == {
        "users": SubgraphEndpoint("users", "http://users:4001/graphql", 10.0),
        "my-events": SubgraphEndpoint("my-events", "http://e/graphql", 2.5),
    }
    assert env_name("my-events") == "MY_EVENTS"


@pytest.mark.parametrize("timeout", ["soon", "0", "-1"])
def test_invalid_timeout_override_is_rejected(timeout: str) -> None:
    with pytest.raises(ValueError, match="ROUTER_SUBGRAPH_USERS_TIMEOUT"):
        resolve_endpoints(
            {"users": "http://u"}, RouterSettings(), {"ROUTER_SUBGRAPH_USERS_TIMEOUT": timeout}
        )
