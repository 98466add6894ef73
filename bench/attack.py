"""`python -m bench.attack`: legitimate clients' latency while other connections send the
most expensive operations each gateway still accepts (its own defaults).

Legitimate clients (``BENCH_LEGIT_CONNECTIONS``, each from its own loopback address, one
trivial query every ``LEGIT_INTERVAL`` seconds, as a browser or app would) are measured for
``BENCH_DURATION`` seconds, alone, then while wrk (``BENCH_ATTACK_CONNECTIONS`` as fast
as they can, all from 127.0.0.1) sends the attack: the first operation of ``ATTACKS`` (most
expensive first) that the gateway answers with data and no errors; ``BENCH_ROUNDS`` times
(default 3). Our router runs its production defaults (demand control, rate limiting per
client address) and once more without rate limiting, as an attacker spread over many
addresses would see it. Writes ``results/attack.{json,md}``.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from typing import Any

import httpx

from bench.client import JSON_HEADERS, post_graphql, request_body
from bench.gateways import GATEWAYS, THROUGHPUT_RELAXATIONS, GatewayContext, GatewaySpec
from bench.lock import bench_lock
from bench.paths import RAW_DIR, RESULTS_DIR
from bench.runner import ensure_node_modules, log, running_gateway
from bench.settings import _int, _names
from bench.subgraphs import pick_ports, prepare_supergraph, start_subgraphs
from bench.workloads import TRIVIAL_QUERY
from bench.wrk import lua_script, parse_wrk_output

PROBE_ADDRESS = "127.0.0.2"  # picks the attack without using the attackers' rate limit
LEGIT_INTERVAL = 0.1  # seconds between two requests of one legitimate client
_USER = "id username name"
_PRODUCT = "inStock name price shippingEstimate upc weight"
_DEEP = (
    f"users {{ {_USER} reviews {{ id body product {{ {_PRODUCT} reviews {{ id body author {{"
    f" {_USER} reviews {{ id body product {{ {_PRODUCT} }} }} }} }} }} }} }}"
)
_MEDIUM = (
    f"users {{ {_USER} reviews {{ id body product {{ {_PRODUCT} }} }} }}"
    f" topProducts {{ {_PRODUCT} reviews {{ id body }} }}"
)


def _aliased(selection: str, copies: int) -> str:
    fields = selection.split(" ", 1)
    return "{ " + " ".join(f"a{n}: {fields[0]} {fields[1]}" for n in range(copies)) + " }"


def _medium(copies: int) -> str:
    users, top = _MEDIUM.split(" topProducts ", 1)
    parts = [f"u{n}: {users} t{n}: topProducts {top}" for n in range(copies)]
    return "{ " + " ".join(parts) + " }"


# Most expensive first; within our router's alias (30) and depth (15) limits.
ATTACKS: tuple[tuple[str, str], ...] = (
    ("deep x30", _aliased(_DEEP, 30)),
    ("deep x8", _aliased(_DEEP, 8)),
    ("deep x1", _aliased(_DEEP, 1)),
    ("medium x3", _medium(3)),
    ("medium x1", _medium(1)),
    ("trivial", TRIVIAL_QUERY),
)


@dataclass
class Latencies:
    p50_ms: float | None
    p95_ms: float | None
    requests: int
    errors: int


@dataclass
class AttackResult:
    gateway: str
    attack: str
    unloaded: Latencies
    under_attack: Latencies
    attack_answered: int  # attack requests answered 2xx during the measured window
    attack_refused: int  # non-2xx (429, 4xx) and socket errors

    @property
    def ratio(self) -> float | None:
        if not self.unloaded.p95_ms or self.under_attack.p95_ms is None:
            return None
        return round(self.under_attack.p95_ms / self.unloaded.p95_ms, 2)


def pick_attack(url: str) -> tuple[str, str]:
    """The most expensive operation of ``ATTACKS`` the gateway answers in full."""
    transport = httpx.HTTPTransport(local_address=PROBE_ADDRESS)
    with httpx.Client(timeout=120.0, transport=transport) as client:
        for name, query in ATTACKS:
            status, payload = post_graphql(client, url, query)
            answered = isinstance(payload, dict) and payload.get("data")
            if status == 200 and answered and not payload.get("errors"):
                return name, query
    return ATTACKS[-1]


async def _legit_client(address: str, url: str, until: float, seen: list[float]) -> int:
    """One client on its own address, one request per ``LEGIT_INTERVAL``; its error count."""
    body = request_body(TRIVIAL_QUERY)
    errors = 0
    transport = httpx.AsyncHTTPTransport(local_address=address)
    async with httpx.AsyncClient(timeout=30.0, transport=transport) as client:
        next_send = time.monotonic()
        while next_send < until:
            await asyncio.sleep(max(0.0, next_send - time.monotonic()))
            next_send += LEGIT_INTERVAL
            started = time.perf_counter()
            try:
                response = await client.post(url, content=body, headers=JSON_HEADERS)
                ok = response.status_code == 200 and b'"errors"' not in response.content
            except httpx.HTTPError:
                ok = False
            seen.append((time.perf_counter() - started) * 1000)
            errors += not ok
    return errors


async def _legit(url: str, clients: int, seconds: float, seen: list[float]) -> int:
    """Run the legitimate clients for ``seconds``, adding latencies to ``seen``; errors."""
    until = time.monotonic() + seconds
    addresses = [f"127.0.0.{10 + n}" for n in range(clients)]
    return sum(await asyncio.gather(*(_legit_client(a, url, until, seen) for a in addresses)))


def _latencies(seen: list[float], errors: int) -> Latencies:
    if len(seen) < 2:
        return Latencies(None, None, len(seen), errors)
    cuts = statistics.quantiles(seen, n=100)
    return Latencies(round(cuts[49], 2), round(cuts[94], 2), len(seen), errors)


def measure(spec: GatewaySpec, ctx: GatewayContext, settings: dict[str, int]) -> AttackResult:
    """``BENCH_ROUNDS`` pairs of (alone, under attack), latencies pooled per phase. Each
    round starts the gateway afresh: a gateway still working off the last attack's backlog
    (abandoned requests are not cancelled) would spoil the next quiet phase."""
    url = f"http://127.0.0.1:{ctx.port}/graphql"
    duration, legit = settings["duration"], settings["legit"]
    alone: list[float] = []
    attacked: list[float] = []
    alone_errors = attacked_errors = answered = refused = 0
    with running_gateway(spec, ctx):
        attack_name, attack = pick_attack(url)
    log(f"{spec.name}: attack = {attack_name}")
    script = RAW_DIR / f"attack-{spec.name}.lua"
    script.write_text(lua_script(request_body(attack)))
    for round_index in range(settings["rounds"]):
        with running_gateway(spec, ctx):
            asyncio.run(_legit(url, legit, 2, []))  # warm-up
            alone_errors += asyncio.run(_legit(url, legit, duration, alone))
            wrk = subprocess.Popen(
                ["wrk", "-t1", f"-c{settings['attackers']}", f"-d{duration + 3}s", "--timeout",
                 "30s", "--latency", "-s", str(script), url],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            )  # fmt: skip
            time.sleep(2)  # the attack is running before legitimate clients measure
            attacked_errors += asyncio.run(_legit(url, legit, duration, attacked))
            output, _ = wrk.communicate(timeout=duration + 120)
        (RAW_DIR / f"attack-{spec.name}-r{round_index + 1}.wrk.txt").write_text(output)
        round_answered, round_refused = _wrk_counts(output)
        answered, refused = answered + round_answered, refused + round_refused
    return AttackResult(
        spec.name,
        attack_name,
        _latencies(alone, alone_errors),
        _latencies(attacked, attacked_errors),
        answered,
        refused,
    )


def _wrk_counts(output: str) -> tuple[int, int]:
    result = parse_wrk_output(output)
    return max(result.requests - result.errors, 0), result.errors


def _specs(selected: tuple[str, ...]) -> list[GatewaySpec]:
    by_name = {spec.name: spec for spec in GATEWAYS}
    ours = by_name["ours"]

    def defaults(ctx: GatewayContext) -> dict[str, str]:
        return {k: v for k, v in ours.env(ctx).items() if k not in THROUGHPUT_RELAXATIONS}

    variants = {
        "ours": GatewaySpec("ours", ours.argv, defaults, ours.missing),
        "ours-no-ratelimit": GatewaySpec(
            "ours-no-ratelimit",
            ours.argv,
            lambda ctx: defaults(ctx) | {"ROUTER_RATE_LIMIT_REQUESTS": "0"},
            ours.missing,
        ),
        "apollo-gateway": by_name["apollo-gateway"],
        "hive-gateway": by_name["hive-gateway"],
    }
    names = selected or tuple(variants)
    return [variants[name] for name in names if variants[name].missing() is None]


def render(results: list[AttackResult], settings: dict[str, int]) -> str:
    lines = [
        f"Legitimate clients: {settings['legit']} (own addresses, trivial query every "
        f"{LEGIT_INTERVAL:g} s); attackers: {settings['attackers']} wrk connections from one "
        f"address; {settings['rounds']} rounds (gateway restarted) of {settings['duration']} s "
        f"alone then {settings['duration']} s under attack, latencies pooled per phase.",
        "",
        "| gateway | attack accepted | legit p95 unloaded | legit p95 under attack | ratio |"
        " legit errors | attack answered / refused |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.gateway} | {r.attack} | {r.unloaded.p95_ms} ms | {r.under_attack.p95_ms} ms"
            f" | {r.ratio}x | {r.under_attack.errors} | {r.attack_answered} / "
            f"{r.attack_refused} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    settings = {
        "duration": _int("BENCH_DURATION", 10),
        "legit": _int("BENCH_LEGIT_CONNECTIONS", 8),
        "attackers": _int("BENCH_ATTACK_CONNECTIONS", 16),
        "rounds": _int("BENCH_ROUNDS", 3),
    }
    with bench_lock() as refused:
        if refused is not None:
            return refused
        RAW_DIR.mkdir(parents=True, exist_ok=True)
        ensure_node_modules()
        gateway_port, subgraph_ports = pick_ports()
        supergraph = prepare_supergraph(subgraph_ports)
        fleet = start_subgraphs(subgraph_ports)
        results: list[AttackResult] = []
        try:
            ctx = GatewayContext(supergraph, gateway_port, fleet.urls)
            for spec in _specs(_names("BENCH_GATEWAYS")):
                results.append(measure(spec, ctx, settings))
                log(render(results[-1:], settings).splitlines()[-1])
        finally:
            fleet.stop()
        payload: dict[str, Any] = {
            "settings": settings,
            "results": [asdict(r) | {"ratio": r.ratio} for r in results],
        }
        (RESULTS_DIR / "attack.json").write_text(json.dumps(payload, indent=1) + "\n")
        (RESULTS_DIR / "attack.md").write_text(render(results, settings))
        print(render(results, settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
