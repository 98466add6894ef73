"""What the local stack consists of: ports, commands and environment of every service."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from devtools.supervisor import ServiceSpec
from subgraphs.common.settings import ROUTER_PRIVATE_KEY_NAME, ROUTER_PUBLIC_KEY_NAME

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SUBGRAPHS = ("users", "events", "invitations", "participations", "calendars")
HOST = "127.0.0.1"

TIER_DATABASE, TIER_SUBGRAPHS, TIER_ROUTER, TIER_WEBAPP = range(4)


@dataclass(frozen=True)
class StackConfig:
    """Ports: router ``base_port``, subgraphs ``base_port + 1..5`` (users first)."""

    base_port: int = 4000
    mongo_port: int = 27017
    webapp_port: int = 8000
    data_dir: Path = PROJECT_ROOT / ".data"
    app_env: str = "development"
    python: str = sys.executable

    def subgraph_port(self, name: str) -> int:
        return self.base_port + 1 + SUBGRAPHS.index(name)

    def subgraph_url(self, name: str) -> str:
        return f"http://{HOST}:{self.subgraph_port(name)}/graphql"

    @property
    def router_url(self) -> str:
        return f"http://{HOST}:{self.base_port}/graphql"

    @property
    def mongodb_uri(self) -> str:
        return f"mongodb://{HOST}:{self.mongo_port}/?directConnection=true"

    @property
    def jwks_url(self) -> str:
        return f"http://{HOST}:{self.subgraph_port('users')}/.well-known/jwks.json"

    @property
    def revocation_url(self) -> str:
        return f"http://{HOST}:{self.subgraph_port('users')}/.well-known/revoked-sessions.json"

    @property
    def database_file(self) -> Path:
        return self.data_dir / "mongoeco.sqlite"

    @property
    def router_private_key_file(self) -> Path:
        """DEV-ONLY key the router signs its subgraph credentials with (made at first run)."""
        return self.data_dir / "keys" / ROUTER_PRIVATE_KEY_NAME

    @property
    def router_public_key_file(self) -> Path:
        """Its public half: the subgraphs admit only requests signed with that key."""
        return self.data_dir / "keys" / ROUTER_PUBLIC_KEY_NAME


def available_subgraphs(root: Path = PROJECT_ROOT) -> list[str]:
    """Subgraphs that can be run (``subgraphs/<name>/__main__.py`` exists)."""
    return [name for name in SUBGRAPHS if (root / "subgraphs" / name / "__main__.py").exists()]


def router_available(root: Path = PROJECT_ROOT) -> bool:
    return (root / "router" / "__main__.py").exists()


def webapp_available(root: Path = PROJECT_ROOT) -> bool:
    return (root / "webapp" / "__main__.py").exists()


def shared_env(config: StackConfig) -> dict[str, str]:
    """Variables every service reads."""
    return {
        "APP_ENV": config.app_env,
        "DATA_DIR": str(config.data_dir),
    }


def mongo_spec(config: StackConfig) -> ServiceSpec:
    return ServiceSpec(
        name="mongoeco",
        argv=(
            config.python,
            "-m",
            "devtools.mongoeco_server",
            "--host",
            HOST,
            "--port",
            str(config.mongo_port),
            "--engine",
            "sqlite",
            "--path",
            str(config.database_file),
        ),
        port=config.mongo_port,
        links=(("MongoDB (mongoeco, SQLite)", config.mongodb_uri),),
        tier=TIER_DATABASE,
    )


def subgraph_spec(config: StackConfig, name: str) -> ServiceSpec:
    prefix = name.upper()
    port = config.subgraph_port(name)
    return ServiceSpec(
        name=name,
        argv=(config.python, "-m", f"subgraphs.{name}"),
        port=port,
        env={
            **shared_env(config),
            f"{prefix}_HOST": HOST,
            f"{prefix}_PORT": str(port),
            f"{prefix}_MONGODB_URI": config.mongodb_uri,
            f"{prefix}_MONGODB_DB": name,
            "ROUTER_PUBLIC_KEY_FILE": str(config.router_public_key_file),
        },
        health_url=f"http://{HOST}:{port}/health",
        links=((f"{name} subgraph (GraphiQL)", config.subgraph_url(name)),),
        tier=TIER_SUBGRAPHS,
    )


def router_spec(config: StackConfig, subgraphs: list[str]) -> ServiceSpec:
    port = config.base_port
    overrides = {
        f"ROUTER_SUBGRAPH_{name.upper()}_URL": config.subgraph_url(name) for name in subgraphs
    }
    return ServiceSpec(
        name="router",
        argv=(
            config.python,
            "-m",
            "router",
            "--supergraph",
            str(PROJECT_ROOT / "supergraph.graphql"),
            "--port",
            str(port),
        ),
        port=port,
        env={
            **shared_env(config),
            "ROUTER_ENV": "development",
            "ROUTER_HOST": HOST,
            "ROUTER_JWKS_URL": config.jwks_url,
            "ROUTER_REVOCATION_URL": config.revocation_url,
            "ROUTER_INTERNAL_KEY_FILE": str(config.router_private_key_file),
            "ROUTER_RULES": "middleman:RULES",
            "ROUTER_MONGODB_URI": config.mongodb_uri,  # intents, rate-limit counters
            "ROUTER_MONGODB_DB": "router",
            "ROUTER_TRUSTED_PROXIES": "127.0.0.1",  # the web app runs on loopback
            "ROUTER_TRUSTED_DOCUMENTS": str(PROJECT_ROOT / "webapp" / "trusted-documents.json"),
            **overrides,
        },
        health_url=f"http://{HOST}:{port}/health",
        links=(("router (GraphiQL), for clients", config.router_url),),
        tier=TIER_ROUTER,
    )


def webapp_spec(config: StackConfig) -> ServiceSpec:
    port = config.webapp_port
    return ServiceSpec(
        name="webapp",
        argv=(config.python, "-m", "webapp", "--host", HOST, "--port", str(port)),
        port=port,
        env={
            **shared_env(config),
            "DJANGO_SETTINGS_MODULE": "webapp.settings.development",
            "ROUTER_URL": config.router_url,
            "WEBAPP_SEND_DOCUMENT_IDS": "1",  # the router loads webapp/trusted-documents.json
        },
        health_url=f"http://{HOST}:{port}/health",
        links=(("web app", f"http://{HOST}:{port}/"),),
        tier=TIER_WEBAPP,
    )


def stack_specs(
    config: StackConfig,
    *,
    with_router: bool = True,
    without: frozenset[str] = frozenset(),
    root: Path = PROJECT_ROOT,
) -> list[ServiceSpec]:
    """Every service of the stack that exists in this checkout (minus ``without``)."""
    subgraphs = [name for name in available_subgraphs(root) if name not in without]
    specs = [mongo_spec(config), *(subgraph_spec(config, name) for name in subgraphs)]
    if with_router and router_available(root) and "router" not in without:
        specs.append(router_spec(config, subgraphs))
    if webapp_available(root) and "webapp" not in without:
        specs.append(webapp_spec(config))
    return specs
