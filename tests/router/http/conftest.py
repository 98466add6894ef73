"""Real processes for the HTTP-layer tests: one test subgraph and routers in two profiles."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devtools.composer import SubgraphSource, compose_subgraphs
from tests.support.processes import (
    PROJECT_ROOT,
    PYTHON,
    ManagedProcess,
    free_port,
    wait_for_http,
)

HERE = Path(__file__).resolve().parent
# The composed supergraph names a URL nobody listens on: every router here reaches the
# subgraph only through the ROUTER_SUBGRAPH_USERS_URL override.
UNUSED_URL = "http://users.invalid:4001/graphql"


@pytest.fixture(scope="session")
def supergraph_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sdl = subprocess.run(
        [PYTHON, "-m", "tests.router.http.subgraph_app", "--print-sdl"],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    composed = compose_subgraphs([SubgraphSource("users", sdl, UNUSED_URL)])
    path = tmp_path_factory.mktemp("router_http") / "supergraph.graphql"
    path.write_text(composed, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def subgraph_url() -> Iterator[str]:
    port = free_port()
    proc = ManagedProcess(
        name=f"router-http-subgraph-{port}",
        argv=[PYTHON, "-m", "tests.router.http.subgraph_app", "--port", str(port)],
    ).start()
    try:
        url = f"http://127.0.0.1:{port}/graphql"
        wait_for_http(f"{url}?query=%7B__typename%7D", proc)
        yield url
    finally:
        proc.stop()


RouterFactory = Callable[..., str]


@pytest.fixture(scope="session")
def start_router(supergraph_path: Path) -> Iterator[RouterFactory]:
    """Start a router with extra env; returns its base URL. All stop at session end."""
    started: list[ManagedProcess] = []

    def start(name: str, env: dict[str, str], *, cli: bool = False) -> str:
        """``cli=True`` passes supergraph/port/host as options instead of ``ROUTER_*``."""
        port = free_port()
        argv = [PYTHON, "-m", "router"]
        if cli:
            argv += ["--supergraph", str(supergraph_path), "--port", str(port)]
            argv += ["--host", "127.0.0.1"]
        else:
            env = {"ROUTER_SUPERGRAPH": str(supergraph_path), "ROUTER_PORT": str(port), **env}
        proc = ManagedProcess(name=f"router-http-{name}-{port}", argv=argv, env=env).start()
        started.append(proc)
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/health", proc, timeout=30)
        return base

    yield start
    for proc in started:
        proc.stop()


@pytest.fixture(scope="session")
def dev_router(start_router: RouterFactory, subgraph_url: str) -> str:
    return start_router("dev", {"ROUTER_SUBGRAPH_USERS_URL": subgraph_url})


@pytest.fixture(scope="session")
def prod_router(start_router: RouterFactory, subgraph_url: str) -> str:
    return start_router(
        "prod",
        {
            "ROUTER_ENV": "production",
            "ROUTER_SUBGRAPH_USERS_URL": subgraph_url,
            "ROUTER_SUBGRAPH_USERS_TIMEOUT": "0.5",
        },
    )


@pytest.fixture(scope="session")
def orphan_router(start_router: RouterFactory) -> str:
    """A router whose only subgraph is down (the override points at a closed port).

    Started with command-line options, to cover ``python -m router --supergraph --port``.
    """
    closed = f"http://127.0.0.1:{free_port()}/graphql"
    return start_router("orphan", {"ROUTER_SUBGRAPH_USERS_URL": closed}, cli=True)
