"""Benchmark knobs, read from ``BENCH_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _names(name: str) -> tuple[str, ...]:
    value = os.environ.get(name, "").strip()
    return tuple(part.strip() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class BenchSettings:
    """How long and how hard to load each gateway."""

    duration_s: int
    warmup_s: int
    settle_s: int
    rounds: int
    connections: int
    count_requests: int
    gateways: tuple[str, ...]
    workloads: tuple[str, ...]

    @classmethod
    def from_env(cls) -> BenchSettings:
        duration = _int("BENCH_DURATION", 10)
        return cls(
            duration_s=duration,
            warmup_s=_int("BENCH_WARMUP", max(2, min(5, duration // 2))),
            settle_s=_int("BENCH_SETTLE", 1),
            rounds=_int("BENCH_ROUNDS", 3),
            connections=_int("BENCH_CONNECTIONS", 32),
            count_requests=_int("BENCH_COUNT_REQUESTS", 20),
            gateways=_names("BENCH_GATEWAYS"),
            workloads=_names("BENCH_WORKLOADS"),
        )
