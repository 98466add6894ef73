"""Orchestrate a benchmark run: subgraphs, response checks, rotated wrk rounds, reports."""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.client import (
    count_subgraph_requests,
    count_subgraph_requests_concurrent,
    post_graphql,
    request_body,
    wait_until_serving,
)
from bench.gateways import GATEWAYS, GatewayContext, GatewaySpec
from bench.paths import NODE_DIR, RAW_DIR, RESULTS_DIR
from bench.processes import ResourceSampler, Service
from bench.report import render_chart, render_markdown
from bench.results import RunRecord, Sample, shape_results
from bench.settings import BenchSettings
from bench.subgraphs import (
    SubgraphFleet,
    direct_requests,
    pick_ports,
    prepare_supergraph,
    start_subgraphs,
)
from bench.verify import check_identical
from bench.workloads import TRIVIAL_QUERY, Workload, all_workloads
from bench.wrk import run_wrk

DIRECT = "direct"


def load_summary(loads: list[float]) -> dict[str, float]:
    """Min / median / max of the 1-minute load averages seen after the measured runs."""
    ordered = sorted(loads)
    return {
        "min": round(ordered[0], 2),
        "median": round(statistics.median(ordered), 2),
        "max": round(ordered[-1], 2),
    }


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def ensure_node_modules() -> None:
    if not (NODE_DIR / "node_modules").exists():
        log("installing pinned npm deps (bench/node: npm ci --ignore-scripts)")
        subprocess.run(
            ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=NODE_DIR, check=True
        )


@contextmanager
def running_gateway(spec: GatewaySpec, ctx: GatewayContext) -> Iterator[Service]:
    """Start a gateway, wait until it answers the trivial query, stop it afterwards."""
    service = Service(spec.name, spec.argv(ctx), env=spec.env(ctx), cwd=spec.cwd)
    url = f"http://127.0.0.1:{ctx.port}/graphql"
    try:
        service.start()
        service.wait_for_port(ctx.port, timeout=90)
        wait_until_serving(url, TRIVIAL_QUERY, timeout=60)
        yield service
    except Exception as error:
        raise RuntimeError(
            f"{error}\n--- {spec.name} log tail ---\n{service.log_tail()}"
        ) from error
    finally:
        service.stop()


class BenchmarkRun:
    """One `python -m bench` invocation."""

    def __init__(self, settings: BenchSettings) -> None:
        self.settings = settings
        self.workloads = [
            w
            for w in all_workloads(settings.connections)
            if not settings.workloads or w.name in settings.workloads
        ]
        self.specs = [g for g in GATEWAYS if not settings.gateways or g.name in settings.gateways]
        self.record = RunRecord()
        # gateways whose answers were checked and match, per workload
        self.eligible: dict[str, list[str]] = {w.name: [] for w in self.workloads}
        self.mismatch = False
        self.load_averages: list[float] = []  # 1-minute load average after each measured run

    # -- phases -------------------------------------------------------------------------

    def run(self) -> int:
        RAW_DIR.mkdir(parents=True, exist_ok=True)
        ensure_node_modules()
        gateway_port, subgraph_ports = pick_ports()
        supergraph = prepare_supergraph(subgraph_ports)
        log(f"supergraph {supergraph}; gateway port {gateway_port}; subgraphs {subgraph_ports}")
        self.record.meta = self._meta(gateway_port, subgraph_ports)
        fleet = start_subgraphs(subgraph_ports)
        try:
            ctx = GatewayContext(supergraph, gateway_port, fleet.urls)
            self.probe_gateways(ctx, fleet)
            for round_index in range(self.settings.rounds):
                self.load_round(round_index, ctx, fleet)
        finally:
            fleet.stop()
        self.write_outputs()
        return 1 if self.mismatch else 0

    def measure_subgraphs_direct(self, fleet: SubgraphFleet, round_index: int) -> None:
        """wrk straight at each subgraph with a representative request (once per round)."""
        for name, body in direct_requests().items():
            url = fleet.urls[name]
            label = f"subgraph-{name}-r{round_index + 1}"
            connections = self.settings.connections
            run_wrk(url, body, connections, self.settings.warmup_s, f"warm-{label}")
            time.sleep(self.settings.settle_s)
            with ResourceSampler(fleet.services[name].pid) as sampler:
                result = run_wrk(url, body, connections, self.settings.duration_s, label)
            self.record.subgraph_samples.setdefault(name, []).append(
                Sample(result, sampler.usage())
            )
            log(f"  {label}: {result.rps:,.0f} rps p99 {result.p99_ms} ms")
            time.sleep(self.settings.settle_s)

    def probe_gateways(self, ctx: GatewayContext, fleet: SubgraphFleet) -> None:
        """Start each gateway once: collect answers, count subgraph requests for heavy."""
        answers: dict[str, dict[str, tuple[int, Any]]] = {w.name: {} for w in self.workloads}
        url = f"http://127.0.0.1:{ctx.port}/graphql"
        for spec in self.specs:
            reason = spec.missing()
            if reason:
                log(f"SKIP {spec.name}: {reason}")
                self._fail_everywhere(spec.name, f"not run: {reason}")
                continue
            try:
                with running_gateway(spec, ctx), httpx.Client(timeout=30.0) as client:
                    for workload in self.workloads:
                        answers[workload.name][spec.name] = post_graphql(
                            client, url, workload.query
                        )
                    heavy = next((w for w in self.workloads if w.count_subgraph_requests), None)
                    if heavy is not None and heavy.name in answers:
                        self.record.subgraph_requests[spec.name] = count_subgraph_requests(
                            url, heavy.query, fleet.base_urls, self.settings.count_requests
                        )
                        self.record.subgraph_requests_concurrent[spec.name] = (
                            count_subgraph_requests_concurrent(
                                url, heavy.query, fleet.base_urls, self.settings.connections
                            )
                        )
                log(f"probed {spec.name}")
            except Exception as error:
                log(f"FAILED to start {spec.name}: {error}")
                self._fail_everywhere(spec.name, f"failed to start: {str(error)[:400]}")
        with httpx.Client(timeout=30.0) as client:
            for workload in self.workloads:
                if workload.with_direct:
                    answers[workload.name][DIRECT] = post_graphql(
                        client, fleet.urls["products"], workload.query
                    )
        for workload in self.workloads:
            self._check(workload, answers[workload.name])

    def _check(self, workload: Workload, answers: dict[str, tuple[int, Any]]) -> None:
        preferred = ("apollo-gateway", "grafbase", "hive-gateway", "hive-gateway-dedup", DIRECT)
        reference, mismatches = check_identical(answers, preferred)
        (RAW_DIR / f"answers-{workload.name}.json").write_text(
            json.dumps({name: payload for name, (_status, payload) in answers.items()}, indent=1)
        )
        bad = {m.gateway for m in mismatches}
        for mismatch in mismatches:
            self.mismatch = True
            log(f"!!! RESPONSE MISMATCH [{workload.name}] {mismatch.gateway}: {mismatch.reason}")
            self.record.fail(workload.name, mismatch.gateway, f"wrong response: {mismatch.reason}")
        self.eligible[workload.name] = [name for name in answers if name not in bad]
        log(
            f"[{workload.name}] identical responses (reference {reference}): "
            f"{', '.join(self.eligible[workload.name]) or 'none'}"
        )

    def load_round(self, round_index: int, ctx: GatewayContext, fleet: SubgraphFleet) -> None:
        """Load every eligible gateway once; the order rotates each round to cancel drift."""
        names = [s.name for s in self.specs if any(s.name in e for e in self.eligible.values())]
        names.append(DIRECT)  # the subgraphs alone: `direct` rows and `subgraph_direct`
        shift = round_index % len(names)
        order = names[shift:] + names[:shift]
        log(f"round {round_index + 1}/{self.settings.rounds}: {' → '.join(order)}")
        for name in order:
            if name == DIRECT:
                self._load_target(
                    name, fleet.urls["products"], fleet.services["products"], round_index
                )
                self.measure_subgraphs_direct(fleet, round_index)
                continue
            spec = next(s for s in self.specs if s.name == name)
            try:
                with running_gateway(spec, ctx) as service:
                    url = f"http://127.0.0.1:{ctx.port}/graphql"
                    self._load_target(name, url, service, round_index)
            except Exception as error:
                log(f"{name} failed in round {round_index + 1}: {error}")
                for workload in self.workloads:
                    self.record.fail(
                        workload.name, name, f"round {round_index + 1}: {str(error)[:300]}"
                    )

    def _load_target(self, name: str, url: str, service: Service, round_index: int) -> None:
        for workload in self.workloads:
            if name not in self.eligible[workload.name]:
                continue
            body = request_body(workload.query)
            label = f"{workload.name}-{name}-r{round_index + 1}"
            connections = workload.connections
            run_wrk(url, body, connections, self.settings.warmup_s, f"warm-{label}")
            # let requests abandoned by the warm-up drain before measuring
            time.sleep(self.settings.settle_s)
            with ResourceSampler(service.pid) as sampler:
                result = run_wrk(url, body, connections, self.settings.duration_s, label)
            self.load_averages.append(os.getloadavg()[0])
            self.record.add_sample(workload.name, name, Sample(result, sampler.usage()))
            log(f"  {label}: {result.rps:,.0f} rps p99 {result.p99_ms} ms errors {result.errors}")
            time.sleep(self.settings.settle_s)

    # -- output ---------------------------------------------------------------------------

    def _fail_everywhere(self, gateway: str, reason: str) -> None:
        for workload in self.workloads:
            self.record.fail(workload.name, gateway, reason)

    def _meta(self, gateway_port: int, subgraph_ports: dict[str, int]) -> dict[str, Any]:
        cpu = ""
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        except OSError:
            pass
        wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
        return {
            "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "duration_s": self.settings.duration_s,
            "warmup_s": self.settings.warmup_s,
            "rounds": self.settings.rounds,
            "connections": self.settings.connections,
            "cpu": cpu,
            "cores": os.cpu_count(),
            "kernel": platform.release(),
            "python": platform.python_version(),
            "node": subprocess.run(
                ["node", "--version"], capture_output=True, text=True
            ).stdout.strip(),
            "wrk": (wrk_version.stdout or wrk_version.stderr).splitlines()[0]
            if shutil.which("wrk")
            else None,
            "load_average_at_start": list(os.getloadavg()),
            "gateway_port": gateway_port,
            "subgraph_ports": subgraph_ports,
        }

    def write_outputs(self) -> None:
        self.record.meta["load_average_at_end"] = list(os.getloadavg())
        if self.load_averages:
            self.record.meta["load_average_during_runs"] = load_summary(self.load_averages)
        shaped = shape_results(self.record)
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        (RESULTS_DIR / "latest.json").write_text(json.dumps(shaped, indent=2) + "\n")
        (RESULTS_DIR / "latest.md").write_text(render_markdown(shaped))
        render_chart(shaped, RESULTS_DIR / "latest.png")
        log(f"wrote {RESULTS_DIR / 'latest.json'}, latest.md, latest.png")
