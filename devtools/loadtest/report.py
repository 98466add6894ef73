"""The load test's report: per run, errors, latency percentiles per action, throughput; and the
memory of every service across the runs. Printed as text and saved as Markdown and JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from devtools.loadtest.recorder import Recorder


@dataclass(frozen=True)
class RunResult:
    number: int
    seconds: float
    users: int
    recorder: Recorder
    rss_before: dict[str, float]
    rss_after: dict[str, float]
    cpu_seconds: dict[str, float]  # used by each service during the run
    documents: dict[str, int]  # stored after the run

    @property
    def throughput(self) -> float:
        return self.recorder.total / self.seconds if self.seconds else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "run": self.number,
            "seconds": round(self.seconds, 1),
            "users": self.users,
            "actions": self.recorder.total,
            "errors": self.recorder.error_count,
            "actions_per_second": round(self.throughput, 1),
            "per_action": [asdict(row) for row in self.recorder.summaries()],
            "error_details": [
                {"action": action, "error": text, "count": count}
                for (action, text), count in self.recorder.errors.most_common()
            ],
            "rss_mib_before": self.rss_before,
            "rss_mib_after": self.rss_after,
            "cpu_seconds": {name: round(value, 1) for name, value in self.cpu_seconds.items()},
            "documents_after": self.documents,
        }


def run_markdown(result: RunResult) -> list[str]:
    recorder = result.recorder
    lines = [
        f"### Run {result.number}: {result.users} users, {result.seconds:.0f} s",
        "",
        f"{recorder.total} actions, {recorder.error_count} errors, "
        f"{result.throughput:.1f} actions/s. CPU seconds used: "
        + ", ".join(f"{name} {used:.0f}" for name, used in result.cpu_seconds.items())
        + ". Stored after the run: "
        + ", ".join(f"{count} {name}" for name, count in result.documents.items())
        + ".",
        "",
        "| action | count | errors | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {row.action} | {row.count} | {row.errors} | {row.p50_ms:.0f} | {row.p95_ms:.0f} "
        f"| {row.p99_ms:.0f} | {row.max_ms:.0f} |"
        for row in recorder.summaries()
    ]
    if recorder.errors:
        lines += ["", "Errors:"]
        lines += [
            f"- {count}x {action}: {text}"
            for (action, text), count in recorder.errors.most_common(20)
        ]
    return [*lines, ""]


def memory_markdown(results: list[RunResult]) -> list[str]:
    """RSS per service before the first run and after each run; growth after the first run
    (the first run fills caches, so later growth is what a leak would show)."""
    if not results:
        return []
    services = list(results[0].rss_before)
    header = ["service", "before run 1", *(f"after run {r.number}" for r in results)]
    header.append("growth after run 1")
    lines = [
        "### Resident memory (MiB)",
        "",
        "| " + " | ".join(header) + " |",
        "|---|" + "---:|" * (len(header) - 1),
    ]
    for name in services:
        values = [results[0].rss_before[name], *(r.rss_after.get(name, 0.0) for r in results)]
        growth = values[-1] - values[1]
        cells = [name, *(f"{value:.1f}" for value in values), f"{growth:+.1f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def write_report(results: list[RunResult], output_dir: Path, header: list[str]) -> str:
    """Save ``latest.md`` and ``latest.json`` under ``output_dir``; return the Markdown."""
    lines = [*header, ""]
    for result in results:
        lines += run_markdown(result)
    lines += memory_markdown(results)
    text = "\n".join(lines)
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "latest.md").write_text(text)
    payload = {"runs": [result.as_json() for result in results]}
    (output_dir / "latest.json").write_text(json.dumps(payload, indent=2))
    return text
