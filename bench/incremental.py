"""`python -m bench.incremental`: time to the first payload with and without `@defer` when one
subgraph is slow.

Our router serves the benchmark subgraphs; the reviews subgraph is reached through a proxy
that adds `BENCH_DEFER_DELAY_MS` (default 300) to every request. The query asks for the top
products and their reviews; the deferred variant defers the reviews. Each variant is sent
`BENCH_DEFER_REPEAT` times (default 20) in turn; reported are the median and worst time to
the first payload and to the whole answer, in milliseconds.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time

import aiohttp
from aiohttp import web

from bench.client import wait_until_serving
from bench.paths import RAW_DIR, REPO_ROOT
from bench.processes import Service
from bench.subgraphs import pick_ports, prepare_supergraph, start_subgraphs
from devtools.ports import free_port

RESULT = REPO_ROOT / "bench" / "results" / "incremental.json"
PLAIN = "{ topProducts { upc name price reviews { id body } } }"
DEFERRED = "{ topProducts { upc name price ... @defer { reviews { id body } } } }"


async def _delay_proxy(target: str, delay: float, port: int) -> web.AppRunner:
    session = aiohttp.ClientSession()

    async def forward(request: web.Request) -> web.Response:
        body = await request.read()
        await asyncio.sleep(delay)
        async with session.post(
            target, data=body, headers={"content-type": "application/json"}
        ) as answer:
            return web.Response(body=await answer.read(), content_type="application/json")

    app = web.Application()
    app.router.add_post("/graphql", forward)
    app.on_cleanup.append(lambda _app: session.close())
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


async def _timed(session: aiohttp.ClientSession, url: str, query: str) -> tuple[float, float]:
    """Seconds to the first body bytes and to the end of the response."""
    started = time.perf_counter()
    headers = {"content-type": "application/json", "accept": "multipart/mixed, application/json"}
    async with session.post(url, json={"query": query}, headers=headers) as response:
        first: float | None = None
        async for _chunk in response.content.iter_any():
            if first is None:
                first = time.perf_counter() - started
        return first or 0.0, time.perf_counter() - started


def _summary(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(values) * 1000, 1),
        "max_ms": round(max(values) * 1000, 1),
    }


async def _measure(router_url: str, repeat: int) -> dict[str, object]:
    times: dict[str, list[tuple[float, float]]] = {"plain": [], "deferred": []}
    async with aiohttp.ClientSession() as session:
        for _ in range(repeat):
            for name, query in (("plain", PLAIN), ("deferred", DEFERRED)):
                times[name].append(await _timed(session, router_url, query))
    return {
        name: {
            "first_payload": _summary([first for first, _ in samples]),
            "whole_answer": _summary([whole for _, whole in samples]),
        }
        for name, samples in times.items()
    }


async def _run(router_url: str, reviews_url: str, proxy_port: int) -> dict[str, object]:
    delay_ms = float(os.environ.get("BENCH_DEFER_DELAY_MS", "300"))
    repeat = int(os.environ.get("BENCH_DEFER_REPEAT", "20"))
    runner = await _delay_proxy(reviews_url, delay_ms / 1000, proxy_port)
    try:
        result = await _measure(router_url, repeat)
    finally:
        await runner.cleanup()
    return {"reviews_delay_ms": delay_ms, "repeat": repeat, **result}


def main() -> None:
    gateway_port, ports = pick_ports()
    fleet = start_subgraphs(ports)
    proxy_port = free_port()
    RAW_DIR.mkdir(parents=True, exist_ok=True)
    env = {
        "ROUTER_ENV": "production",
        "ROUTER_ACCESS_LOG": "false",
        "ROUTER_SUPERGRAPH": str(prepare_supergraph(ports)),
        "ROUTER_PORT": str(gateway_port),
        **{f"ROUTER_SUBGRAPH_{name.upper()}_URL": url for name, url in fleet.urls.items()},
        "ROUTER_SUBGRAPH_REVIEWS_URL": f"http://127.0.0.1:{proxy_port}/graphql",
    }
    router = Service("router-incremental", [sys.executable, "-m", "router"], env=env).start()
    url = f"http://127.0.0.1:{gateway_port}/graphql"
    try:
        router.wait_for_port(gateway_port, timeout=60)
        result = asyncio.run(_serve_and_run(url, fleet.urls["reviews"], proxy_port))
    finally:
        router.stop()
        fleet.stop()
    RESULT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


async def _serve_and_run(url: str, reviews_url: str, proxy_port: int) -> dict[str, object]:
    runner = await _delay_proxy(reviews_url, 0, proxy_port)
    try:
        await asyncio.to_thread(wait_until_serving, url, PLAIN)
    finally:
        await runner.cleanup()
    return await _run(url, reviews_url, proxy_port)


if __name__ == "__main__":
    main()
