"""Small synchronous HTTP helpers for probing gateways and the subgraph counters."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx

JSON_HEADERS = {"content-type": "application/json", "accept": "application/json"}


def request_body(query: str) -> str:
    """The exact JSON body every gateway receives (also used by wrk)."""
    return json.dumps({"query": query}, separators=(",", ":"))


def post_graphql(client: httpx.Client, url: str, query: str) -> tuple[int, Any]:
    """POST a query; return the HTTP status and the decoded JSON (or the raw text)."""
    response = client.post(url, content=request_body(query), headers=JSON_HEADERS)
    try:
        return response.status_code, response.json()
    except ValueError:
        return response.status_code, response.text


def wait_until_serving(url: str, query: str, timeout: float = 60.0) -> None:
    """Poll until the gateway answers `query` with HTTP 200 and data."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    with httpx.Client(timeout=5.0) as client:
        while time.monotonic() < deadline:
            try:
                status, payload = post_graphql(client, url, query)
                if status == 200 and isinstance(payload, dict) and payload.get("data"):
                    return
                last = f"HTTP {status}: {str(payload)[:300]}"
            except httpx.HTTPError as error:
                last = repr(error)
            time.sleep(0.25)
    raise TimeoutError(f"{url} not serving after {timeout:.0f}s ({last})")


def subgraph_request_count(client: httpx.Client, base_urls: list[str]) -> int:
    """Total /graphql requests the benchmark subgraphs received since their last reset."""
    return sum(int(client.get(f"{base}/__bench/count").json()["count"]) for base in base_urls)


def reset_subgraph_counts(client: httpx.Client, base_urls: list[str]) -> None:
    for base in base_urls:
        client.post(f"{base}/__bench/reset")


def count_subgraph_requests(url: str, query: str, base_urls: list[str], repeat: int) -> float:
    """Subgraph requests per gateway request over `repeat` sequential requests."""
    with httpx.Client(timeout=30.0) as client:
        reset_subgraph_counts(client, base_urls)
        for _ in range(repeat):
            post_graphql(client, url, query)
        total = subgraph_request_count(client, base_urls)
        reset_subgraph_counts(client, base_urls)
    return round(total / repeat, 2)


async def _burst(url: str, query: str, base_urls: list[str], concurrency: int) -> float:
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(timeout=120.0, limits=limits) as client:
        for base in base_urls:
            await client.post(f"{base}/__bench/reset")
        body = request_body(query)
        await asyncio.gather(
            *(client.post(url, content=body, headers=JSON_HEADERS) for _ in range(concurrency))
        )
        total = 0
        for base in base_urls:
            total += int((await client.get(f"{base}/__bench/count")).json()["count"])
            await client.post(f"{base}/__bench/reset")
    return round(total / concurrency, 2)


def count_subgraph_requests_concurrent(
    url: str, query: str, base_urls: list[str], concurrency: int
) -> float:
    """Subgraph requests per gateway request when `concurrency` identical requests overlap
    (shows in-flight deduplication: it drops below the sequential figure)."""
    return asyncio.run(_burst(url, query, base_urls, concurrency))
