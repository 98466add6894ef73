"""The stack runner's process supervisor: prefixes, loud deaths, terminate-then-kill."""

from __future__ import annotations

import asyncio
import io
import os
import sys

import pytest

from devtools.console import Console
from devtools.supervisor import ServiceFailed, ServiceSpec, Supervisor
from tests.support.processes import PROJECT_ROOT, free_port


def _supervisor() -> tuple[Supervisor, io.StringIO]:
    output = io.StringIO()
    return Supervisor(Console(output, color=False), cwd=PROJECT_ROOT, base_env=os.environ), output


def _python(code: str, name: str = "svc") -> ServiceSpec:
    return ServiceSpec(name=name, argv=(sys.executable, "-c", code), port=free_port())


async def test_output_lines_are_prefixed_and_a_death_is_reported_loudly() -> None:
    supervisor, output = _supervisor()
    child = await supervisor.start(_python("print('hello'); print('world'); raise SystemExit(3)"))
    await child.process.wait()
    assert child.watcher is not None
    await child.watcher
    await child.pump
    lines = output.getvalue().splitlines()
    assert "svc      | hello" in lines and "svc      | world" in lines
    assert any("svc DIED (exit code 3)" in line for line in lines)
    assert supervisor.unexpected_exits == ["svc"]
    await supervisor.stop_all(timeout=5)


async def test_a_child_that_dies_before_it_is_healthy_fails_startup() -> None:
    supervisor, _ = _supervisor()
    child = await supervisor.start(_python("raise SystemExit(1)", name="broken"))
    with pytest.raises(ServiceFailed, match="broken exited with code 1"):
        await supervisor.wait_healthy(child, timeout=30)
    await supervisor.stop_all(timeout=5)


IGNORE_SIGTERM = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
SPAWN_STUBBORN_GRANDCHILD = (
    "import subprocess, sys, time\n"
    "code = 'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)'\n"
    "quiet = {'stdout': subprocess.DEVNULL, 'stderr': subprocess.DEVNULL}\n"
    "grandchild = subprocess.Popen([sys.executable, '-c', code], **quiet)\n"
    "time.sleep(0.5)\n"
    "print('ready', grandchild.pid, flush=True)\n"
    "time.sleep(60)\n"
)


async def _start_and_wait_ready(supervisor: Supervisor, output: io.StringIO, code: str) -> int:
    """Start ``code`` as service "stubborn"; return its grandchild's pid once it is ready."""
    await supervisor.start(_python(code, name="stubborn"))
    while "ready " not in output.getvalue():
        await asyncio.sleep(0.05)
    return int(output.getvalue().split("ready ")[1].split()[0])


async def test_stop_kills_a_child_that_ignores_sigterm() -> None:
    supervisor, output = _supervisor()
    await _start_and_wait_ready(supervisor, output, IGNORE_SIGTERM + SPAWN_STUBBORN_GRANDCHILD)
    await supervisor.stop_all(timeout=1)
    child = supervisor.children[0]
    assert child.process.returncode == -9
    assert "ignored SIGTERM" in output.getvalue()
    assert "DIED" not in output.getvalue(), "a requested stop is not a death"


async def test_stop_kills_what_a_child_leaves_behind_in_its_group() -> None:
    supervisor, output = _supervisor()
    grandchild = await _start_and_wait_ready(supervisor, output, SPAWN_STUBBORN_GRANDCHILD)
    await supervisor.stop_all(timeout=5)
    assert supervisor.children[0].process.returncode == -15  # obeyed SIGTERM
    assert await _gone(grandchild), "the grandchild must go with its process group"


async def _gone(pid: int) -> bool:
    """Wait (bounded) until ``pid`` is dead or a zombie: SIGKILL is delivered asynchronously."""
    for _ in range(100):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return True
        except FileNotFoundError:
            return True
        await asyncio.sleep(0.05)
    os.kill(pid, 9)
    return False


async def test_kill_all_is_immediate_for_the_second_ctrl_c() -> None:
    supervisor, output = _supervisor()
    await _start_and_wait_ready(supervisor, output, IGNORE_SIGTERM + SPAWN_STUBBORN_GRANDCHILD)
    supervisor.kill_all()
    child = supervisor.children[0]
    assert await asyncio.wait_for(child.process.wait(), 10) == -9
    assert "DIED" not in output.getvalue()
    await supervisor.stop_all(timeout=1)
