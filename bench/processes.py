"""Benchmark processes (logged under results/raw) and sampling of their CPU and memory."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.paths import RAW_DIR
from devtools.ports import free_port, port_is_free
from devtools.processes import LoggedProcess

__all__ = [
    "CLOCK_TICKS",
    "ResourceSampler",
    "ResourceUsage",
    "Service",
    "free_port",
    "port_is_free",
    "tree_cpu_ticks",
    "tree_rss_kb",
]

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Service(LoggedProcess):
    """A benchmark's child process; its log lives in results/raw/<name>.log."""

    log_dir: Path = RAW_DIR


def _tree(pid: int) -> list[int]:
    """The pid and all its descendants (via /proc/<pid>/task/*/children)."""
    found = [pid]
    index = 0
    while index < len(found):
        current = found[index]
        index += 1
        task_dir = Path(f"/proc/{current}/task")
        try:
            tasks = list(task_dir.iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            found.extend(int(child) for child in children)
    return found


def _cpu_ticks(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def tree_rss_kb(pid: int) -> int:
    """The resident memory of a process and its descendants, in KB."""
    return sum(_rss_kb(p) for p in _tree(pid))


def tree_cpu_ticks(pid: int) -> int:
    """The CPU time of a process and its descendants so far, in clock ticks."""
    return sum(_cpu_ticks(p) for p in _tree(pid))


@dataclass
class ResourceUsage:
    """CPU use in percent of one core (200 = both cores) and peak resident memory."""

    cpu_pct: float
    rss_mb: float


class ResourceSampler:
    """Sample a process tree's CPU time and RSS in a background thread while load runs."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        self._pid = pid
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._ticks: dict[int, int] = {}
        self._start_ticks: dict[int, int] = {}
        self._peak_kb = 0
        self._started = 0.0
        self._ended = 0.0

    def _sample(self) -> None:
        pids = _tree(self._pid)
        self._peak_kb = max(self._peak_kb, sum(_rss_kb(pid) for pid in pids))
        for pid in pids:
            ticks = _cpu_ticks(pid)
            self._start_ticks.setdefault(pid, ticks)
            self._ticks[pid] = ticks

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self._sample()

    def __enter__(self) -> ResourceSampler:
        self._sample()
        self._started = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()
        self._ended = time.monotonic()

    def usage(self) -> ResourceUsage:
        elapsed = max(self._ended - self._started, 1e-9)
        used = sum(self._ticks[pid] - self._start_ticks[pid] for pid in self._ticks)
        return ResourceUsage(
            cpu_pct=round(100.0 * used / CLOCK_TICKS / elapsed, 1),
            rss_mb=round(self._peak_kb / 1024.0, 1),
        )
