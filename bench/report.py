"""Render shaped results as Markdown (ratios ours/peer) and a PNG chart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.results import WORKLOAD_ORDER

COLUMNS = ("rps", "p50_ms", "p95_ms", "p99_ms", "errors", "cpu_pct", "rps_per_core", "rss_mb")


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 100 else f"{value:.2f}"
    return str(value)


def _ratio(ours: Any, peer: Any) -> str:
    if not isinstance(ours, int | float) or not isinstance(peer, int | float):
        return "—"
    if ours <= 0 or peer <= 0:
        return "—"
    return f"{ours / peer:.2f}x"


def _busy_note(meta: dict[str, Any]) -> list[str]:
    """A warning when other processes competed for the CPU.

    Busy: a 1-minute load average above half the cores at start, or a median above 1.5x the
    cores after the measured runs (wrk, a gateway and the subgraphs alone keep one to two
    cores' worth of processes runnable then).
    """
    cores = meta.get("cores") or 1
    start = (meta.get("load_average_at_start") or [0.0])[0]
    during: dict[str, float] = meta.get("load_average_during_runs") or {}
    if start <= 0.5 * cores and during.get("median", 0.0) <= 1.5 * cores:
        return []
    seen = f"{start:.1f} at start"
    if during:
        seen += (
            f", {during['min']:.1f} to {during['max']:.1f} (median {during['median']:.1f}) "
            "after the measured runs"
        )
    return [
        f"> **Busy machine**: 1-minute load average {seen} ({cores} cores) — other processes "
        "competed for CPU; treat absolute numbers as noisy and compare ratios.",
        "",
    ]


def render_markdown(shaped: dict[str, Any]) -> str:
    """One table per workload, plus `ours/peer` throughput and p99 ratios."""
    meta = shaped.get("meta", {})
    lines = ["# Gateway benchmark results", ""]
    if meta:
        lines.append(
            f"{meta.get('started', '')} · {meta.get('duration_s')} s per run after "
            f"{meta.get('warmup_s')} s warm-up · {meta.get('rounds')} rounds, gateway order "
            f"rotated · {meta.get('cpu', '')} ({meta.get('cores')} cores)"
        )
        lines.append("")
        lines += _busy_note(meta)
    for workload in WORKLOAD_ORDER:
        rows: dict[str, Any] = shaped.get(workload, {})
        if not rows:
            continue
        ours = rows.get("ours", {})
        extra = ["subgraph_requests", "subgraph_requests_concurrent"] if workload == "heavy" else []
        header = [
            "gateway",
            *COLUMNS,
            *extra,
            "ours/peer rps",
            "ours/peer p99",
            "ours/peer rps/core",
        ]
        lines += [f"## {workload}", "", "| " + " | ".join(header) + " |"]
        lines.append("|" + "---|" * len(header))
        for gateway, row in rows.items():
            cells = [gateway, *(_fmt(row.get(c)) for c in (*COLUMNS, *extra))]
            if gateway == "ours":
                cells += ["", "", ""]
            else:
                # p99 ratio is peer/ours so that > 1 means ours is better on every column.
                cells += [
                    _ratio(ours.get("rps"), row.get("rps")),
                    _ratio(row.get("p99_ms"), ours.get("p99_ms")),
                    _ratio(ours.get("rps_per_core"), row.get("rps_per_core")),
                ]
            lines.append("| " + " | ".join(cells) + " |")
        notes = [f"- `{g}`: {r['error']}" for g, r in rows.items() if r.get("error")]
        if notes:
            lines += ["", *notes]
        lines.append("")
    direct = shaped.get("subgraph_direct", {})
    if direct:
        lines += ["## Benchmark subgraphs, loaded directly", ""]
        lines += ["| subgraph | rps | p99_ms |", "|---|---|---|"]
        for name, row in direct.get("subgraphs", {}).items():
            lines.append(f"| {name} | {_fmt(row.get('rps'))} | {_fmt(row.get('p99_ms'))} |")
        lines += [
            "",
            f"Slowest subgraph {_fmt(direct.get('min_rps'))} rps vs best gateway figure "
            f"{_fmt(direct.get('best_gateway_rps'))} rps: "
            f"**{_fmt(direct.get('ratio_vs_best_gateway'))}x** (target ≥ 5x).",
            "",
        ]
    lines.append(
        "Ratios: `ours/peer rps`, `ours/peer p99` and `ours/peer rps/core` > 1 all mean ours is "
        "better. `rps_per_core` = rps / (cpu_pct / 100): throughput per core the gateway kept "
        "busy, the figure least moved by other processes competing for the CPU."
    )
    return "\n".join(lines) + "\n"


def render_chart(shaped: dict[str, Any], out: Path) -> None:
    """Grouped bar chart of rps per workload and gateway."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    workloads = [w for w in WORKLOAD_ORDER if shaped.get(w)]
    gateways: list[str] = []
    for workload in workloads:
        for gateway in shaped[workload]:
            if gateway not in gateways:
                gateways.append(gateway)
    figure, axes = plt.subplots(1, len(workloads), figsize=(4.2 * len(workloads), 4.6))
    if len(workloads) == 1:
        axes = [axes]
    colors = plt.get_cmap("tab10")
    for axis, workload in zip(axes, workloads, strict=True):
        rows = shaped[workload]
        names = [g for g in gateways if g in rows]
        values = [rows[g].get("rps") or 0 for g in names]
        bars = axis.bar(range(len(names)), values, color=[colors(gateways.index(g)) for g in names])
        axis.bar_label(bars, labels=[f"{v:,.0f}" for v in values], fontsize=7)
        axis.set_xticks(range(len(names)), names, rotation=40, ha="right", fontsize=8)
        axis.set_title(workload)
        axis.set_ylabel("requests/s")
    meta = shaped.get("meta", {})
    figure.suptitle(
        f"Federation gateways, requests/s (higher is better) · {meta.get('started', '')}",
        fontsize=10,
    )
    figure.tight_layout()
    figure.savefig(out, dpi=110)
    plt.close(figure)
