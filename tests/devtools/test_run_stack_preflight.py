"""The stack runner refuses to start on a busy port, before starting anything."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

from tests.support.processes import PROJECT_ROOT, PYTHON, free_port


def test_busy_port_is_named_and_nothing_starts(tmp_path: Path) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        mongo_port = blocker.getsockname()[1]
        argv = [
            PYTHON, "-m", "devtools.run_stack",
            "--base-port", str(free_port()), "--mongo-port", str(mongo_port),
            "--webapp-port", str(free_port()), "--data-dir", str(tmp_path),
        ]  # fmt: skip
        result = subprocess.run(
            argv,
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 1
    assert f"ports already in use: {mongo_port} (mongoeco)" in result.stdout
    assert "mongoeco |" not in result.stdout
