"""`python -m bench.subscriptions`: subscription fan-out on one gateway process.

One Node subgraph (`node/live-subgraph.mjs`) emits one event per second to every subscriber,
stamped with the time it writes it. `BENCH_SUBSCRIBERS` (1000) GraphQL-over-SSE and as many
graphql-ws subscribers connect to the gateway. Each gateway subscribes upstream over
graphql-transport-ws, one upstream subscription per client subscription. Once every
subscriber has had an event, the run lasts `BENCH_SUB_DURATION` seconds (20) and measures:
the delivery delay from the subgraph's write to the client (p50/p95/p99, ms), the gateway's
RSS growth per subscriber (KB), and its CPU time per delivered event (µs). Ours and Hive
Gateway (`BENCH_SUB_GATEWAYS=ours,hive-gateway`) run one after the other on the same
subgraph. Results: `bench/results/subscriptions.json`. Not part of CI.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

import aiohttp

from bench.paths import NODE_BIN, NODE_DIR, RAW_DIR, REPO_ROOT
from bench.processes import CLOCK_TICKS, Service, free_port, tree_cpu_ticks, tree_rss_kb
from bench.subscribers import Deliveries, connect_all
from devtools.composer import SubgraphSource, compose_subgraphs

RESULT = REPO_ROOT / "bench" / "results" / "subscriptions.json"
LIVE_SDL = """
type Query { ping: Boolean }
type Subscription { ticks: Tick! }
type Tick { seq: Int! emittedAt: Float! body: String! }
"""


def _gateway_argv(name: str, supergraph: Path, port: int) -> tuple[list[str], dict[str, str]]:
    if name == "ours":
        env = {
            "ROUTER_ENV": "production",
            "ROUTER_ACCESS_LOG": "false",
            "ROUTER_RATE_LIMIT_REQUESTS": "0",
            "ROUTER_SUBSCRIPTIONS_PER_CLIENT": "1000000",  # every subscriber is one address
            "ROUTER_SUPERGRAPH": str(supergraph),
            "ROUTER_PORT": str(port),
        }
        return [sys.executable, "-m", "router"], env
    argv = [
        str(NODE_BIN / "hive-gateway"), "supergraph", str(supergraph), "--host", "127.0.0.1",
        "--port", str(port), "--fork", "1",
        "--config-path", str(NODE_DIR / "hive-gateway.subscriptions.mjs"),
    ]  # fmt: skip
    return argv, {"NODE_ENV": "production"}


def _quantiles(values: list[float]) -> dict[str, float]:
    if len(values) < 2:
        return {}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50": round(cuts[49], 1), "p95": round(cuts[94], 1), "p99": round(cuts[98], 1)}


async def _measure(url: str, pid: int, count: int, duration: float) -> dict[str, object]:
    deliveries = Deliveries()
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.sleep(2)  # settle after start-up
        rss_before = tree_rss_kb(pid)
        tasks = await connect_all(session, url, count, deliveries)
        deadline = time.monotonic() + 60
        while len(deliveries.started) < 2 * count and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        started = len(deliveries.started)
        await asyncio.sleep(1.5)
        rss_after = tree_rss_kb(pid)
        ticks_before = tree_cpu_ticks(pid)
        deliveries.recording = True
        await asyncio.sleep(duration)
        deliveries.recording = False
        cpu_seconds = (tree_cpu_ticks(pid) - ticks_before) / CLOCK_TICKS
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    delivered = sum(deliveries.received.values())
    expected = 2 * count * int(duration)
    return {
        "subscribers": 2 * count,
        "subscribed": started,
        "delivered_events": delivered,
        "expected_events_about": expected,
        "delay_ms": _quantiles([d for v in deliveries.delays.values() for d in v]),
        "delay_ms_sse": _quantiles(deliveries.delays["sse"]),
        "delay_ms_ws": _quantiles(deliveries.delays["ws"]),
        "rss_mb_before": round(rss_before / 1024, 1),
        "rss_kb_per_subscriber": round((rss_after - rss_before) / (2 * count), 1),
        "cpu_us_per_event": round(cpu_seconds / max(delivered, 1) * 1e6, 1),
        "cpu_pct": round(100 * cpu_seconds / duration, 1),
        "failures": deliveries.failures[:5],
    }


def _run_gateway(name: str, supergraph: Path, count: int, duration: float) -> dict[str, object]:
    port = free_port()
    argv, env = _gateway_argv(name, supergraph, port)
    gateway = Service(f"subscriptions-{name}", argv, env=env).start()
    try:
        gateway.wait_for_port(port, timeout=60)
        url = f"http://127.0.0.1:{port}/graphql"
        return asyncio.run(_measure(url, gateway.pid, count, duration))
    finally:
        gateway.stop()


def main() -> None:
    count = int(os.environ.get("BENCH_SUBSCRIBERS", "1000"))
    duration = float(os.environ.get("BENCH_SUB_DURATION", "20"))
    gateways = os.environ.get("BENCH_SUB_GATEWAYS", "ours,hive-gateway").split(",")
    RAW_DIR.mkdir(parents=True, exist_ok=True)
    sdl = RAW_DIR / "live.graphql"
    sdl.write_text(LIVE_SDL)
    subgraph_port = free_port()
    subgraph_url = f"http://127.0.0.1:{subgraph_port}/graphql"
    supergraph = RAW_DIR / "supergraph.subscriptions.graphql"
    supergraph.write_text(compose_subgraphs([SubgraphSource("live", LIVE_SDL, subgraph_url)]))
    live = Service(
        "subscriptions-live-subgraph",
        ["node", str(NODE_DIR / "live-subgraph.mjs"), str(sdl), str(subgraph_port)],
        env={"NODE_ENV": "production"},
    ).start()
    results: dict[str, object] = {"subscribers_per_protocol": count, "duration_s": duration}
    try:
        live.wait_for_port(subgraph_port, timeout=30)
        for name in gateways:
            results[name] = _run_gateway(name, supergraph, count, duration)
            time.sleep(2)  # the subgraph lets go of the previous run's subscriptions
    finally:
        live.stop()
    RESULT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
