"""docker-compose.yml: valid against the Compose spec (offline) and keeps its promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML  # check-jsonschema's own YAML parser

from devtools.stack import SUBGRAPHS
from tests.support.processes import PROJECT_ROOT

COMPOSE_FILE = PROJECT_ROOT / "docker-compose.yml"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document: dict[str, Any] = YAML(typ="safe").load(COMPOSE_FILE.read_text())
    return document


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = compose["services"]
    return result


def test_compose_file_matches_the_compose_spec() -> None:
    result = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.compose-spec", str(COMPOSE_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_each_subgraph_has_its_own_mongodb_8_replica_set(
    services: dict[str, dict[str, Any]],
) -> None:
    databases = set()
    for name in SUBGRAPHS:
        uri = services[name]["environment"][f"{name.upper()}_MONGODB_URI"]
        database_service = uri.removeprefix("mongodb://").split(":")[0]
        databases.add(database_service)
        mongo = services[database_service]
        assert mongo["image"] == "mongo:8"
        assert "--replSet" in mongo["command"] and "rs0" in mongo["command"]
        assert "replicaSet=rs0" in uri
        assert any("rs.initiate" in part for part in mongo["healthcheck"]["test"])
        assert mongo["volumes"][0].split(":")[1] == "/data/db"
        assert services[name]["depends_on"][database_service]["condition"] == "service_healthy"
    assert len(databases) == len(SUBGRAPHS), "databases must not be shared between subgraphs"


def test_subgraphs_and_databases_are_only_on_the_internal_network(
    compose: dict[str, Any], services: dict[str, dict[str, Any]]
) -> None:
    assert compose["networks"]["internal"]["internal"] is True
    for name, service in services.items():
        if name in ("router", "webapp"):
            continue
        assert service["networks"] == ["internal"], name
        assert "ports" not in service, f"{name} must not publish ports"


def test_router_and_webapp_are_the_published_entry_points(
    services: dict[str, dict[str, Any]],
) -> None:
    assert services["router"]["ports"] == ["4000:4000"]
    assert services["webapp"]["ports"] == ["8000:8000"]
    assert "public" in services["router"]["networks"]
    assert "internal" in services["router"]["networks"]
    assert "public" in services["webapp"]["networks"]
    assert set(services["router"]["depends_on"]) == {*SUBGRAPHS, "router-db"}
    router_db = services["router"]["environment"]["ROUTER_MONGODB_URI"]  # its own, for intents
    assert router_db.startswith("mongodb://router-db:") and "replicaSet=rs0" in router_db
    assert services["router-db"]["image"] == "mongo:8"
    environment = services["router"]["environment"]
    assert environment["ROUTER_ENV"] == "production"
    for index, name in enumerate(SUBGRAPHS, start=1):
        assert environment[f"ROUTER_SUBGRAPH_{name.upper()}_URL"] == (
            f"http://{name}:{4000 + index}/graphql"
        )


def test_every_app_service_runs_production_settings_from_one_image(
    services: dict[str, dict[str, Any]],
) -> None:
    app_services = [*SUBGRAPHS, "router", "webapp"]
    assert {services[name]["image"] for name in app_services} == {"fedcal:local"}
    for name in app_services:
        assert services[name]["build"] == "."
        assert services[name]["environment"]["APP_ENV"] == "production", name
        assert "healthcheck" in services[name], name


def test_jwt_key_comes_from_a_compose_secret_file_not_inline(
    compose: dict[str, Any], services: dict[str, dict[str, Any]]
) -> None:
    secret = compose["secrets"]["users_jwt_private_key"]
    assert secret == {"file": "./secrets/users_jwt_private_key.json"}
    users = services["users"]
    assert users["secrets"] == ["users_jwt_private_key"]
    assert users["environment"]["USERS_JWT_PRIVATE_KEY_FILE"] == (
        "/run/secrets/users_jwt_private_key"
    )
    for name, service in services.items():
        for variable in service.get("environment", {}):
            assert variable not in ("USERS_JWT_PRIVATE_KEY", "DJANGO_SECRET_KEY"), name
    gitignore = (PROJECT_ROOT / ".gitignore").read_text().splitlines()
    assert "secrets/" in gitignore


def _module_of(command: list[str]) -> str:
    assert command[:2] == ["python", "-m"], command
    return command[2]


@pytest.mark.parametrize("service", [*SUBGRAPHS, "router", "webapp"])
def test_each_service_command_is_a_runnable_module(
    services: dict[str, dict[str, Any]], service: str
) -> None:
    module = _module_of(services[service]["command"])
    path = PROJECT_ROOT.joinpath(*module.split("."), "__main__.py")
    if not path.exists() and service == "webapp":
        pytest.skip("webapp/__main__.py does not exist yet")
    assert path.exists(), f"{service}: {module} has no __main__.py"
