"""Start, watch and stop the stack's child processes (each in its own process group).

Children's stdout and stderr are merged and echoed line by line with the service name as
prefix. A child that exits while the stack is meant to be running is reported loudly.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from devtools.console import Console
from devtools.ports import port_is_open

STREAM_LIMIT = 1 << 20  # longest log line we keep whole


@dataclass(frozen=True)
class ServiceSpec:
    """How to run one service and how to tell that it is ready."""

    name: str
    argv: tuple[str, ...]
    port: int
    env: Mapping[str, str] = field(default_factory=dict)
    health_url: str | None = None  # None: ready when the TCP port accepts connections
    links: tuple[tuple[str, str], ...] = ()  # (label, url) rows for the banner
    tier: int = 0  # started in ascending tiers, stopped in descending tiers


class ServiceFailed(RuntimeError):
    """A service exited or never became healthy."""


@dataclass
class Child:
    spec: ServiceSpec
    process: asyncio.subprocess.Process
    pump: asyncio.Task[None]
    watcher: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self.process.returncode is None


class Supervisor:
    """Owns every child process of one stack run."""

    def __init__(self, console: Console, *, cwd: Path, base_env: Mapping[str, str]) -> None:
        self._console = console
        self._cwd = cwd
        self._base_env = dict(base_env)
        self._children: list[Child] = []
        self._stopping = False
        self.unexpected_exits: list[str] = []

    @property
    def children(self) -> list[Child]:
        return list(self._children)

    async def start(self, spec: ServiceSpec) -> Child:
        self._console.register(spec.name)
        process = await asyncio.create_subprocess_exec(
            *spec.argv,
            cwd=self._cwd,
            env={**self._base_env, "PYTHONUNBUFFERED": "1", **spec.env},
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,  # own process group: Ctrl-C reaches only the runner
            limit=STREAM_LIMIT,
        )
        assert process.stdout is not None
        child = Child(spec, process, asyncio.create_task(self._pump(spec.name, process.stdout)))
        child.watcher = asyncio.create_task(self._watch(child))
        self._children.append(child)
        return child

    async def wait_healthy(self, child: Child, timeout: float) -> None:
        """Return once the child answers its health check; raise if it dies or times out."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        last_problem = "no answer yet"
        async with httpx.AsyncClient(timeout=2.0) as client:
            while loop.time() < deadline:
                if not child.running:
                    raise ServiceFailed(
                        f"{child.spec.name} exited with code {child.process.returncode} "
                        "before it became healthy (see its log lines above)"
                    )
                healthy, last_problem = await _probe(client, child.spec)
                if healthy:
                    return
                await asyncio.sleep(0.2)
        raise ServiceFailed(f"{child.spec.name} not healthy after {timeout:.0f}s ({last_problem})")

    async def stop_all(self, timeout: float) -> None:
        """Terminate tier by tier (front-ends first, database last); kill after ``timeout``."""
        self._stopping = True
        for tier in sorted({child.spec.tier for child in self._children}, reverse=True):
            group = [child for child in self._children if child.spec.tier == tier]
            await asyncio.gather(*(self._stop(child, timeout) for child in group))

    def kill_all(self) -> None:
        """SIGKILL every child's process group at once (the impatient second Ctrl-C)."""
        self._stopping = True
        for child in self._children:
            _signal_group(child.process.pid, signal.SIGKILL)

    async def _stop(self, child: Child, timeout: float) -> None:
        if child.running:
            _signal_group(child.process.pid, signal.SIGTERM)
            try:
                await asyncio.wait_for(child.process.wait(), timeout)
            except TimeoutError:
                self._console.warn(f"{child.spec.name} ignored SIGTERM for {timeout:.0f}s; killing")
                _signal_group(child.process.pid, signal.SIGKILL)
                await child.process.wait()
        _signal_group(child.process.pid, signal.SIGKILL)  # stragglers left in its group
        with contextlib.suppress(asyncio.CancelledError):
            await child.pump
        if child.watcher is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await child.watcher

    async def _pump(self, name: str, stream: asyncio.StreamReader) -> None:
        while True:
            try:
                raw = await stream.readline()
            except ValueError:  # a line longer than STREAM_LIMIT: emit what we have
                raw = await stream.read(STREAM_LIMIT)
            if not raw:
                return
            self._console.service_line(name, raw.decode(errors="replace").rstrip("\r\n"))

    async def _watch(self, child: Child) -> None:
        code = await child.process.wait()
        if not self._stopping:
            self.unexpected_exits.append(child.spec.name)
            self._console.alert(
                f"{child.spec.name} DIED (exit code {code}); see its last log lines above. "
                "Ctrl-C stops the rest."
            )


async def _probe(client: httpx.AsyncClient, spec: ServiceSpec) -> tuple[bool, str]:
    if spec.health_url is None:
        open_ = await asyncio.to_thread(port_is_open, spec.port)
        return open_, "port closed"
    try:
        response = await client.get(spec.health_url)
    except httpx.HTTPError as error:
        return False, type(error).__name__
    return response.status_code == 200, f"HTTP {response.status_code}"


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)
