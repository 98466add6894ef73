"""A child process in its own session, its output kept in a log file (benchmarks, tests)."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from devtools.ports import wait_for_port

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass
class LoggedProcess:
    """A child process whose output goes to ``log_dir/<name>.log`` for failure reports."""

    name: str
    argv: Sequence[str]
    env: Mapping[str, str] = field(default_factory=dict)
    log_dir: Path = PROJECT_ROOT / ".data" / "logs"
    cwd: Path = PROJECT_ROOT
    process: subprocess.Popen[bytes] | None = None

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"{self.name}.log"

    @property
    def pid(self) -> int:
        if self.process is None:
            raise RuntimeError(f"{self.name} is not started")
        return self.process.pid

    def start(self) -> Self:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                list(self.argv),
                cwd=self.cwd,
                env={**os.environ, "PYTHONUNBUFFERED": "1", **self.env},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def death(self) -> str | None:
        """None while running, else that it exited and the end of its log."""
        return None if self.alive() else f"{self.name} exited early:\n{self.log_tail()}"

    def wait_for_port(self, port: int, timeout: float = 60.0) -> None:
        """Wait until the process listens on ``port``; fail at once if it dies."""
        wait_for_port(port, timeout=timeout, still_running=self.death)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM the process group (the child leads its session), then SIGKILL."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                return
            try:
                process.wait(timeout)
                return
            except subprocess.TimeoutExpired:
                continue

    def kill(self) -> None:
        """Kill the process group abruptly (SIGKILL), as a crash would."""
        process = self.process
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                return
            process.wait(10)
