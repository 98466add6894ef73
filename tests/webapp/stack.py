"""The whole platform as real processes for browser tests: mongoeco, five subgraphs, router,
web app, each on a free loopback port."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.processes import (
    PROJECT_ROOT,
    PYTHON,
    ManagedProcess,
    free_port,
    start_mongoeco,
    wait_for_http,
)
from tests.support.router_credentials import ROUTER_ENV
from tests.support.subgraphs import RunningSubgraph, start_subgraph

SUBGRAPHS = ("users", "events", "invitations", "participations", "calendars")


@dataclass
class Stack:
    data_dir: Path
    processes: list[ManagedProcess] = field(default_factory=list)
    subgraphs: dict[str, RunningSubgraph] = field(default_factory=dict)
    router_url: str = ""
    webapp_url: str = ""
    mongo_uri: str = ""

    def stop(self) -> None:
        for process in reversed(self.processes):
            with contextlib.suppress(Exception):
                process.stop()


def compose_supergraph(target: Path) -> Path:
    """Compose the current subgraph schemas into ``target`` (never the committed file)."""
    from devtools.supergraph import compose

    target.write_text(compose())
    return target


def start_stack(
    data_dir: Path,
    *,
    with_webapp: bool = True,
    router_subgraph_urls: Mapping[str, str] | None = None,
    extra_env: Mapping[str, str] | None = None,
    database_file: Path | None = None,
) -> Stack:
    """Start everything; ``router_subgraph_urls`` points the router at other URLs (proxies);
    ``extra_env`` is given to the subgraphs, the router and the web app (it wins);
    ``database_file`` keeps mongoeco's data in SQLite (it survives a restart) not in memory."""
    stack = Stack(data_dir)
    extra = dict(extra_env or {})
    try:
        mongo, mongo_uri = start_mongoeco("webapp-mongo", sqlite_file=database_file)
        stack.processes.append(mongo)
        stack.mongo_uri = mongo_uri
        users = start_subgraph("users", mongo_uri, extra, data_dir=data_dir)
        stack.subgraphs["users"] = users
        stack.processes.append(users.process)
        shared = {**extra, "JWKS_URL": users.jwks_url}
        others = [
            start_subgraph(name, mongo_uri, shared, data_dir=data_dir, wait=False)
            for name in SUBGRAPHS[1:]
        ]
        for running in others:
            stack.subgraphs[running.name] = running
            stack.processes.append(running.process)
        for running in others:
            wait_for_http(f"{running.url}/health", running.process, timeout=60)

        supergraph = compose_supergraph(data_dir / "supergraph.graphql")
        router_port = free_port()
        router_env = {
            **ROUTER_ENV,  # signs subgraph calls with the key the harness's subgraphs trust
            "ROUTER_JWKS_URL": users.jwks_url,
            "ROUTER_REVOCATION_URL": users.url + "/.well-known/revoked-sessions.json",
            "DATA_DIR": str(data_dir),
            "ROUTER_ENV": "development",
            "ROUTER_RULES": "middleman:RULES",
            "ROUTER_MONGODB_URI": mongo_uri,
            "ROUTER_MONGODB_DB": "router",
            "ROUTER_INTENT_RETRY_BASE": "0.2",
            "ROUTER_RECONCILE_INTERVAL": "0.2",
            "ROUTER_TRUSTED_PROXIES": "127.0.0.1",
            "ROUTER_TRUSTED_DOCUMENTS": str(PROJECT_ROOT / "webapp" / "trusted-documents.json"),
            **{
                f"ROUTER_SUBGRAPH_{name.upper()}_URL": running.graphql_url
                for name, running in stack.subgraphs.items()
            },
            **{
                f"ROUTER_SUBGRAPH_{name.upper()}_URL": url
                for name, url in (router_subgraph_urls or {}).items()
            },
            **extra,
        }
        router = ManagedProcess(
            name=f"webapp-router-{router_port}",
            argv=[
                PYTHON,
                "-m",
                "router",
                "--supergraph",
                str(supergraph),
                "--port",
                str(router_port),
            ],
            env=router_env,
        ).start()
        stack.processes.append(router)
        wait_for_http(f"http://127.0.0.1:{router_port}/health", router, timeout=60)
        stack.router_url = f"http://127.0.0.1:{router_port}/graphql"
        if not with_webapp:
            return stack

        webapp_port = free_port()
        webapp = ManagedProcess(
            name=f"webapp-{webapp_port}",
            argv=[PYTHON, "-m", "webapp", "--port", str(webapp_port)],
            env={
                "DJANGO_SETTINGS_MODULE": "webapp.settings.development",
                "DJANGO_DEBUG": "0",
                "WEBAPP_DATA_DIR": str(data_dir),
                "ROUTER_URL": stack.router_url,
                "ROUTER_TIMEOUT": "15",
                "WEBAPP_SEND_DOCUMENT_IDS": "1",  # every page's operations go by id
                **extra,
            },
        ).start()
        stack.processes.append(webapp)
        stack.webapp_url = f"http://127.0.0.1:{webapp_port}"
        wait_for_http(f"{stack.webapp_url}/health", webapp, timeout=60)
    except BaseException:
        stack.stop()
        raise
    return stack
