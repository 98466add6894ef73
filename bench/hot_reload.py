"""`python -m bench.hot_reload`: requests keep flowing while the supergraph is replaced.

Our router serves the benchmark subgraphs with `ROUTER_SUPERGRAPH_POLL_INTERVAL=0.5`; clients
send the heavy query without pause while the supergraph file is rewritten every
`BENCH_RELOAD_EVERY` seconds (default 5; each version differs, so every write is a full swap:
new engine, warmed plans). Reported: failed requests (non-200 or any GraphQL error), and the
latency of requests that started within 2 s after a write against all the others.

  BENCH_RELOAD_DURATION     seconds of load (default 30)
  BENCH_RELOAD_EVERY        seconds between supergraph writes (default 5)
  BENCH_RELOAD_CONNECTIONS  concurrent clients (default 16)
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass

import httpx

from bench.client import JSON_HEADERS, request_body, wait_until_serving
from bench.paths import RAW_DIR, REPO_ROOT
from bench.processes import Service
from bench.subgraphs import pick_ports, prepare_supergraph, start_subgraphs
from bench.workloads import HEAVY_QUERY

RESULT = REPO_ROOT / "bench" / "results" / "hot_reload.json"
AFTER_WRITE = 2.0


@dataclass(frozen=True, slots=True)
class Sample:
    started: float
    seconds: float
    ok: bool


async def _client(url: str, body: str, stop_at: float, samples: list[Sample]) -> None:
    async with httpx.AsyncClient(timeout=30) as client:
        while time.monotonic() < stop_at:
            started = time.monotonic()
            try:
                response = await client.post(url, content=body, headers=JSON_HEADERS)
                ok = response.status_code == 200 and "errors" not in response.json()
            except httpx.HTTPError:
                ok = False
            samples.append(Sample(started, time.monotonic() - started, ok))


async def _rewrites(path: str, original: str, every: float, stop_at: float) -> list[float]:
    writes: list[float] = []
    version = 0
    while time.monotonic() + every < stop_at:
        await asyncio.sleep(every)
        version += 1
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(f"{original}\n# version {version}\n")
        writes.append(time.monotonic())
    return writes


def _quantiles(values: list[float]) -> dict[str, float]:
    if len(values) < 2:
        return {"count": len(values)}
    cuts = statistics.quantiles(values, n=100)
    return {
        "count": len(values),
        "p50_ms": round(cuts[49] * 1000, 2),
        "p95_ms": round(cuts[94] * 1000, 2),
        "p99_ms": round(cuts[98] * 1000, 2),
        "max_ms": round(max(values) * 1000, 2),
    }


async def _measure(url: str, path: str, original: str) -> dict[str, object]:
    duration = float(os.environ.get("BENCH_RELOAD_DURATION", "30"))
    every = float(os.environ.get("BENCH_RELOAD_EVERY", "5"))
    connections = int(os.environ.get("BENCH_RELOAD_CONNECTIONS", "16"))
    body = request_body(HEAVY_QUERY)
    samples: list[Sample] = []
    stop_at = time.monotonic() + duration
    clients = [_client(url, body, stop_at, samples) for _ in range(connections)]
    rewriting = asyncio.create_task(_rewrites(path, original, every, stop_at))
    await asyncio.gather(*clients)
    writes = await rewriting
    near: list[Sample] = []
    far: list[Sample] = []
    for sample in samples:
        after_write = any(0 <= sample.started - w <= AFTER_WRITE for w in writes)
        (near if after_write else far).append(sample)
    return {
        "duration_s": duration,
        "connections": connections,
        "supergraph_writes": len(writes),
        "requests": len(samples),
        "failed": sum(not s.ok for s in samples),
        "within_2s_after_a_write": _quantiles([s.seconds for s in near]),
        "other_requests": _quantiles([s.seconds for s in far]),
    }


def main() -> None:
    gateway_port, ports = pick_ports()
    fleet = start_subgraphs(ports)
    RAW_DIR.mkdir(parents=True, exist_ok=True)
    supergraph = RAW_DIR / "supergraph.hot-reload.graphql"
    original = prepare_supergraph(ports).read_text(encoding="utf-8")
    supergraph.write_text(original, encoding="utf-8")
    env = {
        "ROUTER_ENV": "production",
        "ROUTER_ACCESS_LOG": "false",
        "ROUTER_SUPERGRAPH": str(supergraph),
        "ROUTER_PORT": str(gateway_port),
        "ROUTER_SUPERGRAPH_POLL_INTERVAL": "0.5",
        **{f"ROUTER_SUBGRAPH_{name.upper()}_URL": url for name, url in fleet.urls.items()},
    }
    router = Service("router-hot-reload", [sys.executable, "-m", "router"], env=env).start()
    url = f"http://127.0.0.1:{gateway_port}/graphql"
    try:
        wait_until_serving(url, HEAVY_QUERY)
        result = asyncio.run(_measure(url, str(supergraph), original))
        swaps = router.log_tail(10_000).count("supergraph swapped in")
        result["swaps_logged"] = swaps
    finally:
        router.stop()
        fleet.stop()
    RESULT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
