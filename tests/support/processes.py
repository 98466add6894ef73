"""Start real processes on loopback ports for integration tests.

Every test process gets a free port picked at run time, so test modules (and
developers running suites side by side) never collide on fixed ports.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from devtools.ports import free_port
from devtools.processes import PROJECT_ROOT, LoggedProcess

__all__ = ["PROJECT_ROOT", "ManagedProcess", "free_port", "start_mongoeco", "wait_for_http"]

PYTHON = sys.executable


TEST_LOGS = PROJECT_ROOT / ".data" / "test-logs"


@dataclass
class ManagedProcess(LoggedProcess):
    """A test's child process; its log lives under ``.data/test-logs``."""

    log_dir: Path = TEST_LOGS


def wait_for_http(url: str, proc: ManagedProcess | None = None, timeout: float = 30.0) -> None:
    """Poll ``url`` until it answers 200, or fail with the process log."""
    deadline = time.monotonic() + timeout
    last_error = ""
    while time.monotonic() < deadline:
        if proc is not None and not proc.alive():
            raise RuntimeError(f"{proc.name} exited early:\n{proc.log_tail()}")
        try:
            response = httpx.get(url, timeout=2.0)
            if response.status_code == 200:
                return
            last_error = f"HTTP {response.status_code}"
        except httpx.HTTPError as error:
            last_error = repr(error)
        time.sleep(0.1)
    tail = proc.log_tail() if proc is not None else ""
    raise TimeoutError(f"{url} not healthy after {timeout}s ({last_error})\n{tail}")


def start_mongoeco(
    name: str = "mongoeco", *, sqlite_file: Path | None = None, port: int | None = None
) -> tuple[ManagedProcess, str]:
    """Start a mongoeco wire server; return it and its MongoDB URI.

    In memory by default; with ``sqlite_file`` the data lives in that file and survives a
    restart (pass the same ``port`` to restart it where it ran before).
    """
    port = port or free_port()
    argv = [PYTHON, "-m", "devtools.mongoeco_server", "--port", str(port), "--engine", "memory"]
    if sqlite_file is not None:
        argv[-1:] = ["sqlite", "--path", str(sqlite_file)]
    proc = ManagedProcess(name=f"{name}-{port}", argv=argv).start()
    proc.wait_for_port(port, timeout=30.0)
    return proc, f"mongodb://127.0.0.1:{port}/?directConnection=true"
