"""Start real processes on loopback ports for integration tests.

Every test process gets a free port picked at run time, so test modules (and
developers running suites side by side) never collide on fixed ports.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now and that this process has not
    handed out before (ports are often bound later: two callers must not get the same one)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port


@dataclass
class ManagedProcess:
    """A child process whose output is kept in a log file for failure reports."""

    name: str
    argv: Sequence[str]
    env: Mapping[str, str] = field(default_factory=dict)
    log_dir: Path = PROJECT_ROOT / ".data" / "test-logs"
    process: subprocess.Popen[bytes] | None = None

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"{self.name}.log"

    def start(self) -> ManagedProcess:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            list(self.argv),
            cwd=PROJECT_ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **self.env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout)

    def kill(self) -> None:
        """Kill abruptly (SIGKILL), as a crash would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


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


def wait_for_port(port: int, proc: ManagedProcess | None = None, timeout: float = 30.0) -> None:
    """Wait until something accepts TCP connections on 127.0.0.1:port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and not proc.alive():
            raise RuntimeError(f"{proc.name} exited early:\n{proc.log_tail()}")
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} not open after {timeout}s")


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
    wait_for_port(port, proc)
    return proc, f"mongodb://127.0.0.1:{port}/?directConnection=true"
