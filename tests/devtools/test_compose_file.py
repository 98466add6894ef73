"""docker-compose.yml: valid against the Compose spec (offline) and keeps its promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML  # check-jsonschema's own YAML parser

from devtools.make_secrets import GENERATORS
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
        assert mongo["healthcheck"]["test"][-1] == "/run/configs/mongo-healthcheck.js"
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
    assert environment["ROUTER_ADMIN_PORT"] == "9090"  # /metrics and /ready, not published
    assert environment["ROUTER_MONGODB_URI"].startswith("mongodb://router-db:27017/")
    assert int(environment["ROUTER_RATE_LIMIT_REQUESTS"]) > 0
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
    assert "users_jwt_private_key" in users["secrets"]
    assert users["environment"]["USERS_JWT_PRIVATE_KEY_FILE"] == (
        "/run/secrets/users_jwt_private_key"
    )
    for name, service in services.items():
        for variable in service.get("environment", {}):
            assert variable not in ("USERS_JWT_PRIVATE_KEY", "DJANGO_SECRET_KEY"), name
            assert "PASSWORD" not in variable or variable.endswith("_FILE"), (name, variable)
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


def _secret_path(value: str, mounted: list[str]) -> str:
    """The compose secret ``value`` (a /run/secrets path) names; it must be mounted."""
    assert value.startswith("/run/secrets/"), value
    name = value.removeprefix("/run/secrets/")
    assert name in mounted, f"{name} is not mounted"
    return name


def _mounted(service: dict[str, Any]) -> list[str]:
    return [entry if isinstance(entry, str) else entry["source"] for entry in service["secrets"]]


@pytest.mark.parametrize("subgraph", SUBGRAPHS)
def test_every_database_requires_authentication_with_secret_passwords(
    compose: dict[str, Any], services: dict[str, dict[str, Any]], subgraph: str
) -> None:
    mongo = services[f"{subgraph}-db"]
    environment, mounted = mongo["environment"], _mounted(mongo)
    assert environment["MONGO_INITDB_ROOT_USERNAME"] == "root"
    assert "MONGO_INITDB_ROOT_PASSWORD" not in environment  # only the _FILE variant
    root = _secret_path(environment["MONGO_INITDB_ROOT_PASSWORD_FILE"], mounted)
    user = _secret_path(environment["FEDCAL_DB_PASSWORD_FILE"], mounted)
    assert environment["FEDCAL_DB_NAME"] == subgraph
    assert root != user
    # With a key file, mongod enforces authentication (and members authenticate each other).
    assert mongo["command"][mongo["command"].index("--keyFile") + 1] == "/tmp/mongo-keyfile"
    assert "mongo_keyfile" in mounted
    initdb = {config["target"]: config["source"] for config in mongo["configs"]}
    script = initdb["/docker-entrypoint-initdb.d/10-create-app-user.js"]
    text = (PROJECT_ROOT / compose["configs"][script]["file"]).read_text()
    assert "FEDCAL_DB_PASSWORD_FILE" in text and 'role: "readWrite", db: name' in text


@pytest.mark.parametrize("subgraph", SUBGRAPHS)
def test_every_subgraph_logs_in_as_its_own_database_user(
    services: dict[str, dict[str, Any]], subgraph: str
) -> None:
    service, prefix = services[subgraph], subgraph.upper()
    environment = service["environment"]
    uri = environment[f"{prefix}_MONGODB_URI"]
    assert "@" not in uri, "no credentials in the URI"
    assert f"authSource={subgraph}" in uri
    assert environment[f"{prefix}_MONGODB_USERNAME"] == subgraph
    password = _secret_path(environment[f"{prefix}_MONGODB_PASSWORD_FILE"], _mounted(service))
    database = services[f"{subgraph}-db"]["environment"]
    assert database["FEDCAL_DB_PASSWORD_FILE"] == f"/run/secrets/{password}"
    others = {f"{other}_db_password" for other in SUBGRAPHS if other != subgraph}
    assert not others & set(_mounted(service)), "a subgraph sees only its own password"


def test_every_secret_file_is_written_by_make_secrets_never_committed(
    compose: dict[str, Any],
) -> None:
    for name, secret in compose["secrets"].items():
        path = Path(secret["file"])
        assert path.parent == Path("secrets"), name
        assert path.name in GENERATORS, f"make secrets does not write {path}"
    for config in compose["configs"].values():
        path = PROJECT_ROOT / config["file"]
        assert path.parts[-2] == "secrets" or path.exists(), path
    tracked = subprocess.run(
        ["git", "ls-files", "secrets"], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert tracked.stdout == ""
