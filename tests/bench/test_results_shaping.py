"""Shaping measurements into latest.json and rendering the Markdown table."""

from __future__ import annotations

from bench.processes import ResourceUsage
from bench.report import render_markdown
from bench.results import RunRecord, Sample, best_gateway_rps, shape_results
from bench.runner import load_summary
from bench.wrk import WrkResult


def sample(rps: float, p99: float | None = 10.0, errors: int = 0) -> Sample:
    wrk = WrkResult(rps=rps, p50_ms=1.0, p95_ms=5.0, p99_ms=p99, errors=errors, requests=100)
    return Sample(wrk, ResourceUsage(cpu_pct=90.0, rss_mb=rps / 10))


def build_record() -> RunRecord:
    record = RunRecord()
    for rps in (100.0, 300.0, 200.0):
        record.add_sample("heavy", "ours", sample(rps, errors=1))
    record.add_sample("heavy", "apollo-gateway", sample(50.0))
    record.add_sample("trivial", "direct", sample(9000.0))
    record.add_sample("trivial", "grafbase", sample(1000.0, p99=None))
    record.fail("heavy", "hive-gateway", "not run: npm package missing")
    record.subgraph_requests = {"ours": 10.0, "apollo-gateway": 12.0}
    record.subgraph_requests_concurrent = {"ours": 10.0, "apollo-gateway": 0.25}
    return record


def test_shape_has_the_documented_keys_and_medians() -> None:
    shaped = shape_results(build_record())
    ours = shaped["heavy"]["ours"]
    assert {"rps", "p50_ms", "p95_ms", "p99_ms", "errors", "cpu_pct", "rss_mb"} <= ours.keys()
    assert ours["rps"] == 200.0  # median of three rounds
    assert ours["errors"] == 3  # summed
    assert ours["rss_mb"] == 30.0  # peak
    assert ours["subgraph_requests"] == 10.0
    assert shaped["heavy"]["apollo-gateway"]["subgraph_requests_concurrent"] == 0.25
    assert "subgraph_requests" not in shaped["trivial"]["grafbase"]
    assert list(shaped["heavy"]) == ["ours", "apollo-gateway", "hive-gateway"]


def test_failed_gateway_has_nulls_and_a_reason() -> None:
    hive = shape_results(build_record())["heavy"]["hive-gateway"]
    assert hive["rps"] is None
    assert hive["error"] == "not run: npm package missing"


def test_best_gateway_ignores_direct() -> None:
    assert best_gateway_rps(shape_results(build_record())) == 1000.0


def test_markdown_shows_ratios_ours_over_peer() -> None:
    markdown = render_markdown(shape_results(build_record()))
    assert "## heavy" in markdown
    assert "| apollo-gateway |" in markdown
    assert "4.00x" in markdown  # ours 200 rps / apollo 50 rps
    assert "not run: npm package missing" in markdown


def test_subgraph_direct_margin_over_best_gateway() -> None:
    record = build_record()
    record.subgraph_samples = {"products": [sample(9000.0)], "reviews": [sample(6000.0)]}
    direct = shape_results(record)["subgraph_direct"]
    assert direct["min_rps"] == 6000.0
    assert direct["best_gateway_rps"] == 1000.0
    assert direct["ratio_vs_best_gateway"] == 6.0


def test_busy_machine_note_uses_the_load_during_the_runs() -> None:
    shaped = shape_results(build_record())
    quiet = {"cores": 2, "load_average_at_start": [0.4, 0.5, 0.6]}
    shaped["meta"] = {**quiet, "load_average_during_runs": {"min": 0.7, "median": 1.4, "max": 2}}
    assert "Busy machine" not in render_markdown(shaped)  # the benchmark's own load
    during = {"min": 2.0, "median": 6.5, "max": 11.0}
    shaped["meta"] = {**quiet, "load_average_during_runs": during}
    note = next(line for line in render_markdown(shaped).splitlines() if "Busy" in line)
    assert "0.4 at start, 2.0 to 11.0 (median 6.5) after the measured runs (2 cores)" in note


def test_load_summary() -> None:
    assert load_summary([3.0, 1.0, 2.0, 10.0]) == {"min": 1.0, "median": 2.5, "max": 10.0}


def test_rps_per_core_is_the_median_of_rps_over_busy_cores() -> None:
    shaped = shape_results(build_record())
    assert shaped["heavy"]["ours"]["rps_per_core"] == 222.2  # 200 rps at 90 % of a core
    assert shaped["heavy"]["apollo-gateway"]["rps_per_core"] == 55.6
    assert shaped["heavy"]["hive-gateway"]["rps_per_core"] is None  # not run
    idle = RunRecord()
    idle.add_sample("trivial", "ours", Sample(sample(10.0).wrk, ResourceUsage(0.0, 1.0)))
    assert shape_results(idle)["trivial"]["ours"]["rps_per_core"] is None
    header = next(line for line in render_markdown(shaped).splitlines() if "rps_per_core" in line)
    assert header.endswith("| ours/peer rps/core |")
