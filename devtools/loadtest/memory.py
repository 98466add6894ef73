"""Resident memory (RSS) and CPU time of a process and its descendants, from ``/proc``."""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for task in (PROC / str(pid) / "task").glob("*/children"):
        try:
            found += [int(child) for child in task.read_text().split()]
        except OSError:
            continue
    return found


def _rss_kib(pid: int) -> int:
    try:
        status = (PROC / str(pid) / "status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _cpu_ticks(pid: int) -> int:
    try:
        fields = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def _tree(pid: int) -> list[int]:
    pending, found = [pid], []
    while pending:
        current = pending.pop()
        found.append(current)
        pending += _children(current)
    return found


def tree_rss_mib(pid: int) -> float:
    """RSS of ``pid`` plus every descendant, in MiB (0.0 when it is gone)."""
    return sum(_rss_kib(member) for member in _tree(pid)) / 1024


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by ``pid`` and its living descendants."""
    return sum(_cpu_ticks(member) for member in _tree(pid)) / CLOCK_TICKS


def snapshot(pids: dict[str, int]) -> dict[str, float]:
    """Service name -> RSS in MiB."""
    return {name: round(tree_rss_mib(pid), 1) for name, pid in pids.items()}


def cpu_snapshot(pids: dict[str, int]) -> dict[str, float]:
    """Service name -> CPU seconds used so far."""
    return {name: tree_cpu_seconds(pid) for name, pid in pids.items()}
