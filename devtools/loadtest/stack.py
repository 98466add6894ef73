"""The local stack of ``make run`` (same services, same settings) on free ports in a throwaway
data directory, supervised from the load test's own event loop."""

from __future__ import annotations

import asyncio
import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from devtools.console import Console
from devtools.ports import free_port_block
from devtools.stack import PROJECT_ROOT, StackConfig, stack_specs
from devtools.supervisor import ServiceSpec, Supervisor
from plumbing.keys import ensure_key_pair

HEALTH_TIMEOUT = 180.0  # a loaded 2-core machine starts eight Python services slowly
STOP_TIMEOUT = 15.0


@dataclass
class LocalStack:
    config: StackConfig
    supervisor: Supervisor
    log: TextIO

    @property
    def router_url(self) -> str:
        return self.config.router_url

    @property
    def webapp_url(self) -> str:
        return f"http://127.0.0.1:{self.config.webapp_port}"

    def pids(self) -> dict[str, int]:
        """Service name -> pid of its main process."""
        return {child.spec.name: child.process.pid for child in self.supervisor.children}

    def died(self) -> list[str]:
        return list(self.supervisor.unexpected_exits)

    async def stop(self) -> None:
        try:
            await self.supervisor.stop_all(STOP_TIMEOUT)
        finally:
            self.log.close()


async def start_local_stack(data_dir: Path, log_path: Path) -> LocalStack:
    """Start every service (each in its own process group) and wait until all are healthy."""
    base = free_port_block(8)  # router, five subgraphs, mongoeco, web app
    config = StackConfig(
        base_port=base, mongo_port=base + 6, webapp_port=base + 7, data_dir=data_dir
    )
    data_dir.mkdir(parents=True, exist_ok=True)
    ensure_key_pair(config.router_private_key_file, config.router_public_key_file)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("w")
    supervisor = Supervisor(Console(log, color=False), cwd=PROJECT_ROOT, base_env=os.environ)
    stack = LocalStack(config, supervisor, log)
    try:
        specs = [_production_like(spec) for spec in stack_specs(config)]
        children = [await supervisor.start(spec) for spec in specs]
        await asyncio.gather(
            *(supervisor.wait_healthy(child, HEALTH_TIMEOUT) for child in children)
        )
    except BaseException:
        await stack.stop()
        raise
    return stack


def _production_like(spec: ServiceSpec) -> ServiceSpec:
    """The web app without Django's debug mode (which keeps every SQL query in memory); the
    users subgraph without a registration quota (every simulated user registers from
    loopback)."""
    if spec.name == "users":
        return dataclasses.replace(spec, env={**spec.env, "USERS_REGISTRATION_CLIENT_MAX": "0"})
    if spec.name != "webapp":
        return spec
    return dataclasses.replace(spec, env={**spec.env, "DJANGO_DEBUG": "0"})
