"""How to start each gateway under test on the same subgraphs and port."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bench.paths import GRAFBASE_BIN, NODE_BIN, NODE_DIR, RAW_DIR, REPO_ROOT, SUBGRAPH_SCHEMAS


@dataclass(frozen=True)
class GatewayContext:
    """What every gateway gets: the supergraph, its port, and the subgraph URLs."""

    supergraph: Path
    port: int
    subgraph_urls: Mapping[str, str]


@dataclass(frozen=True)
class GatewaySpec:
    """A gateway: its result key, how to launch it, and why it cannot run here (if so)."""

    name: str
    argv: Callable[[GatewayContext], list[str]]
    env: Callable[[GatewayContext], dict[str, str]] = field(default=lambda _ctx: {})
    missing: Callable[[], str | None] = field(default=lambda: None)
    cwd: Path = REPO_ROOT


def _node_missing(*packages: str) -> Callable[[], str | None]:
    def missing() -> str | None:
        for package in packages:
            if not (NODE_DIR / "node_modules" / package).exists():
                return f"npm package {package} not installed (run: cd bench/node && npm ci)"
        return None

    return missing


THROUGHPUT_RELAXATIONS = {"ROUTER_RATE_LIMIT_REQUESTS": "0", "ROUTER_COST_MODE": "measure"}


def _router_env(ctx: GatewayContext) -> dict[str, str]:
    # Production, but for one load generator address and the heavy workload: no rate limit
    # (every wrk connection is one client), demand control measured (computed, not enforced;
    # the heavy query's estimate is above the anonymous budget). bench.attack restores both.
    env = {"ROUTER_ENV": "production", "ROUTER_ACCESS_LOG": "false", **THROUGHPUT_RELAXATIONS}
    for name, url in ctx.subgraph_urls.items():
        env[f"ROUTER_SUBGRAPH_{name.upper()}_URL"] = url
    return env


def _ours_missing() -> str | None:
    if not (REPO_ROOT / "router" / "__main__.py").exists():
        return "router/__main__.py does not exist yet (python -m router cannot start)"
    return None


def _hive(name: str, config: str) -> GatewaySpec:
    return GatewaySpec(
        name=name,
        argv=lambda ctx: [
            str(NODE_BIN / "hive-gateway"),
            "supergraph",
            str(ctx.supergraph),
            "--host",
            "127.0.0.1",
            "--port",
            str(ctx.port),
            "--fork",
            "1",
            "--config-path",
            str(NODE_DIR / config),
        ],
        env=lambda _ctx: {"NODE_ENV": "production"},
        missing=_node_missing("@graphql-hive/gateway"),
    )


def grafbase_config(ctx: GatewayContext) -> Path:
    """Write the Grafbase dev config: the same subgraph SDLs and URLs, dedup off."""
    lines = ["[traffic_shaping]", "inflight_deduplication = false", ""]
    for name, url in ctx.subgraph_urls.items():
        lines += [
            f"[subgraphs.{name}]",
            f'url = "{url}"',
            f'schema_path = "{SUBGRAPH_SCHEMAS / f"{name}.graphql"}"',
            "",
        ]
    RAW_DIR.mkdir(parents=True, exist_ok=True)
    path = RAW_DIR / "grafbase.toml"
    path.write_text("\n".join(lines))
    return path


def _grafbase_missing() -> str | None:
    if not GRAFBASE_BIN.exists():
        return "grafbase binary missing (npm package @grafbase/cli-x86_64-unknown-linux-musl)"
    return None


GATEWAYS: tuple[GatewaySpec, ...] = (
    GatewaySpec(
        name="ours",
        argv=lambda ctx: [
            sys.executable,
            "-m",
            "router",
            "--supergraph",
            str(ctx.supergraph),
            "--port",
            str(ctx.port),
        ],
        env=_router_env,
        missing=_ours_missing,
    ),
    GatewaySpec(
        name="apollo-gateway",
        argv=lambda ctx: [
            "node",
            str(NODE_DIR / "apollo-gateway.mjs"),
            str(ctx.supergraph),
            str(ctx.port),
        ],
        env=lambda _ctx: {"NODE_ENV": "production"},
        missing=_node_missing("@apollo/gateway", "@apollo/server"),
    ),
    _hive("hive-gateway", "hive-gateway.nodedup.mjs"),
    _hive("hive-gateway-dedup", "hive-gateway.dedup.mjs"),
    GatewaySpec(
        name="grafbase",
        argv=lambda ctx: [
            str(GRAFBASE_BIN),
            "dev",
            "--config",
            str(grafbase_config(ctx)),
            "--port",
            str(ctx.port),
        ],
        env=lambda _ctx: {"HOME": str(RAW_DIR / "grafbase-home"), "NO_COLOR": "1"},
        missing=_grafbase_missing,
        cwd=RAW_DIR,
    ),
)
