"""`make run` stays honest: the stack runner starts every service, reports, and stops cleanly.

Starts ``python -m devtools.run_stack`` on free ports with a temporary DATA_DIR, waits for the
URL table, checks every /health and the log prefixes, then sends SIGINT as Ctrl-C would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from devtools.ports import free_port_block, port_is_open
from devtools.stack import StackConfig, stack_specs
from devtools.supervisor import ServiceSpec
from tests.support.processes import PROJECT_ROOT, PYTHON, free_port

STARTUP_TIMEOUT = 120.0
BANNER = "Stack is up ("
DEMO_DONE = ("Demo data created", "Demo data: seeding failed", "Demo data: skipped")


def _descendants(root: int) -> set[int]:
    """Every process below ``root`` (from /proc parent links)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found: set[int] = set()
    pending = [root]
    while pending:
        for child in children.get(pending.pop(), []):
            if child not in found:
                found.add(child)
                pending.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@dataclass
class RunningStack:
    process: subprocess.Popen[str]
    config: StackConfig
    specs: list[ServiceSpec]
    lines: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None

    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, *needles: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if any(needle in line for needle in needles):
                    return line
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        pytest.fail(f"none of {needles} in the runner output:\n{self.output()[-6000:]}")

    def interrupt(self) -> int:
        """Ctrl-C: SIGINT to the runner's process group (children have their own groups)."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    config = StackConfig(
        base_port=free_port_block(6),
        mongo_port=free_port(),
        webapp_port=free_port(),
        data_dir=tmp_path_factory.mktemp("stack-data"),
    )
    argv = [
        PYTHON, "-m", "devtools.run_stack",
        "--base-port", str(config.base_port),
        "--mongo-port", str(config.mongo_port),
        "--webapp-port", str(config.webapp_port),
        "--data-dir", str(config.data_dir),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "APP_ENV": "development"}
    env.pop("DATA_DIR", None)
    process = subprocess.Popen(
        argv,
        cwd=PROJECT_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    running = RunningStack(process, config, stack_specs(config))

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            running.lines.append(line.rstrip("\n"))

    running.reader = threading.Thread(target=read, daemon=True)
    running.reader.start()
    try:
        running.wait_for(BANNER, timeout=STARTUP_TIMEOUT)
        yield running
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def test_every_service_is_started_and_healthy(stack: RunningStack) -> None:
    names = {spec.name for spec in stack.specs}
    assert {"mongoeco", "users", "events", "invitations", "participations", "calendars"} <= names
    for spec in stack.specs:
        if spec.health_url is not None:
            response = httpx.get(spec.health_url, timeout=5.0)
            assert response.status_code == 200, (spec.name, response.text)


def test_banner_lists_every_url_and_labels_dev_secrets(stack: RunningStack) -> None:
    output = stack.output()
    for spec in stack.specs:
        for _, url in spec.links:
            assert url in output, f"{spec.name}: {url} missing from the URL table"
    assert "DEV-ONLY" in output
    assert str(stack.config.data_dir / "keys") in output


def test_log_lines_are_prefixed_with_the_service_name(stack: RunningStack) -> None:
    for spec in stack.specs:
        prefixed = [line for line in stack.lines if line.startswith(f"{spec.name} ")]
        assert any(line.split(" |", 1)[0].strip() == spec.name for line in prefixed), spec.name


def test_demo_data_is_seeded_on_an_empty_database(stack: RunningStack) -> None:
    line = stack.wait_for(*DEMO_DONE, timeout=90.0)
    assert "Demo data created" in line, stack.output()[-4000:]
    assert "alice-dev-password" in stack.output()


def test_sigint_stops_every_child(stack: RunningStack) -> None:
    children = _descendants(stack.process.pid)
    assert len(children) >= len(stack.specs), children
    code = stack.interrupt()
    assert code == 0, stack.output()[-4000:]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.1)
    assert not [pid for pid in children if _alive(pid)]
    assert not [spec.name for spec in stack.specs if port_is_open(spec.port)]
    assert "All services stopped." in stack.output()
    assert "DIED" not in stack.output()
