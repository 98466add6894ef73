"""Collected measurements and their shaping into bench/results/latest.json."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from bench.processes import ResourceUsage
from bench.wrk import WrkResult

GATEWAY_ORDER = (
    "ours",
    "apollo-gateway",
    "hive-gateway",
    "hive-gateway-dedup",
    "grafbase",
    "direct",
)
WORKLOAD_ORDER = ("heavy", "trivial", "trivial-1conn", "mutation")


@dataclass(frozen=True)
class Sample:
    """One measured wrk run of one gateway on one workload, with its resource use."""

    wrk: WrkResult
    usage: ResourceUsage


@dataclass
class RunRecord:
    """Everything a benchmark run learned, before shaping."""

    samples: dict[str, dict[str, list[Sample]]] = field(default_factory=dict)
    failures: dict[str, dict[str, str]] = field(default_factory=dict)
    subgraph_requests: dict[str, float] = field(default_factory=dict)
    subgraph_requests_concurrent: dict[str, float] = field(default_factory=dict)
    subgraph_samples: dict[str, list[Sample]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def add_sample(self, workload: str, gateway: str, sample: Sample) -> None:
        self.samples.setdefault(workload, {}).setdefault(gateway, []).append(sample)

    def fail(self, workload: str, gateway: str, reason: str) -> None:
        """Record why a gateway has no (or incomplete) numbers for a workload."""
        self.failures.setdefault(workload, {}).setdefault(gateway, reason)


def _median_or_none(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 3) if present else None


def _rps_per_core(sample: Sample) -> float | None:
    """Requests per second per core the gateway kept busy (less sensitive to CPU contention)."""
    busy_cores = sample.usage.cpu_pct / 100
    return round(sample.wrk.rps / busy_cores, 1) if busy_cores > 0 else None


def aggregate(samples: list[Sample]) -> dict[str, Any]:
    """Median over rounds for rps/latency/cpu/rps per core, total errors, peak RSS."""
    return {
        "rps": round(statistics.median(s.wrk.rps for s in samples), 1),
        "p50_ms": _median_or_none([s.wrk.p50_ms for s in samples]),
        "p95_ms": _median_or_none([s.wrk.p95_ms for s in samples]),
        "p99_ms": _median_or_none([s.wrk.p99_ms for s in samples]),
        "errors": sum(s.wrk.errors for s in samples),
        "cpu_pct": round(statistics.median(s.usage.cpu_pct for s in samples), 1),
        "rps_per_core": _median_or_none([_rps_per_core(s) for s in samples]),
        "rss_mb": round(max(s.usage.rss_mb for s in samples), 1),
        "rounds": len(samples),
        "rps_per_round": [s.wrk.rps for s in samples],
    }


def _ordered(names: set[str], order: tuple[str, ...]) -> list[str]:
    return [n for n in order if n in names] + sorted(names - set(order))


def shape_results(record: RunRecord) -> dict[str, Any]:
    """`{workload: {gateway: {rps, p50_ms, p95_ms, p99_ms, errors, cpu_pct, ...}}}`.

    Per gateway also `rps_per_core`, `rss_mb`, `rounds` and `rps_per_round`.
    A gateway without numbers gets nulls and an `error` string; heavy entries carry
    `subgraph_requests` (sequential) and `subgraph_requests_concurrent` (identical requests
    overlapping, where in-flight deduplication shows). Top-level `subgraph_direct` and `meta`
    describe the setup.
    """
    shaped: dict[str, Any] = {}
    workloads = set(record.samples) | set(record.failures)
    for workload in _ordered(workloads, WORKLOAD_ORDER):
        samples = record.samples.get(workload, {})
        failures = record.failures.get(workload, {})
        rows: dict[str, Any] = {}
        for gateway in _ordered(set(samples) | set(failures), GATEWAY_ORDER):
            if gateway in samples:
                row = aggregate(samples[gateway])
            else:
                row = dict.fromkeys(
                    (
                        "rps",
                        "p50_ms",
                        "p95_ms",
                        "p99_ms",
                        "errors",
                        "cpu_pct",
                        "rps_per_core",
                        "rss_mb",
                    )
                )
            if gateway in failures:
                row["error"] = failures[gateway]
            if workload == "heavy" and gateway != "direct":
                row["subgraph_requests"] = record.subgraph_requests.get(gateway)
                row["subgraph_requests_concurrent"] = record.subgraph_requests_concurrent.get(
                    gateway
                )
            rows[gateway] = row
        shaped[workload] = rows
    shaped["subgraph_direct"] = shape_subgraph_direct(record, best_gateway_rps(shaped))
    shaped["meta"] = record.meta
    return shaped


def shape_subgraph_direct(record: RunRecord, best_gateway: float | None) -> dict[str, Any]:
    """Each subgraph loaded directly, and the slowest one's margin over the best gateway."""
    rows = {name: aggregate(samples) for name, samples in record.subgraph_samples.items()}
    if not rows:
        return {}
    slowest = min(row["rps"] for row in rows.values())
    return {
        "subgraphs": rows,
        "min_rps": slowest,
        "best_gateway_rps": best_gateway,
        "ratio_vs_best_gateway": round(slowest / best_gateway, 2) if best_gateway else None,
    }


def best_gateway_rps(shaped: dict[str, Any]) -> float | None:
    """Highest gateway rps over all workloads (direct excluded)."""
    values = [
        row["rps"]
        for workload in WORKLOAD_ORDER
        for gateway, row in shaped.get(workload, {}).items()
        if gateway != "direct" and isinstance(row.get("rps"), int | float)
    ]
    return max(values) if values else None
