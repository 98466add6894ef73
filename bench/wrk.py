"""Drive Debian's `wrk` with a POST body and read its results from a Lua `done()` hook."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.paths import RAW_DIR

MARKER = "BENCH_RESULT "

_LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [==[%(body)s]==]

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%(marker)s{"requests":%%d,"duration_us":%%d,"connect":%%d,"read":%%d,"write":%%d,' ..
    '"status":%%d,"timeout":%%d,"p50_us":%%d,"p95_us":%%d,"p99_us":%%d,"mean_us":%%.1f}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean))
end
"""


@dataclass(frozen=True)
class WrkResult:
    """Throughput, latency percentiles and error count of one wrk run."""

    rps: float
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    errors: int
    requests: int


def lua_script(body: str) -> str:
    """A wrk script that POSTs `body` and prints a JSON summary line in done()."""
    if "]==]" in body:
        raise ValueError("request body cannot be embedded in a Lua long string")
    return _LUA % {"body": body, "marker": MARKER}


def parse_wrk_output(stdout: str) -> WrkResult:
    """Read the JSON line written by the Lua done() hook (errors = non-2xx + socket errors)."""
    lines = [line for line in stdout.splitlines() if line.startswith(MARKER)]
    if not lines:
        raise ValueError(f"no {MARKER.strip()} line in wrk output:\n{stdout[-2000:]}")
    data = json.loads(lines[-1][len(MARKER) :])
    seconds = data["duration_us"] / 1_000_000
    errors = sum(data[key] for key in ("connect", "read", "write", "status", "timeout"))
    completed = int(data["requests"])

    def millis(key: str) -> float | None:
        # No completed request means no latency sample, not a 0 ms latency.
        return round(data[key] / 1000, 3) if completed else None

    return WrkResult(
        rps=round(completed / seconds, 1) if seconds > 0 else 0.0,
        p50_ms=millis("p50_us"),
        p95_ms=millis("p95_us"),
        p99_ms=millis("p99_us"),
        errors=int(errors),
        requests=completed,
    )


def run_wrk(url: str, body: str, connections: int, duration_s: int, label: str) -> WrkResult:
    """Run one wrk load (one thread, fixed connections) against `url`."""
    RAW_DIR.mkdir(parents=True, exist_ok=True)
    script = RAW_DIR / f"{label}.lua"
    script.write_text(lua_script(body))
    argv = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{duration_s}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(script),
        url,
    ]
    completed = subprocess.run(
        argv, capture_output=True, text=True, timeout=duration_s + 60, check=False
    )
    Path(RAW_DIR / f"{label}.wrk.txt").write_text(completed.stdout + completed.stderr)
    if completed.returncode != 0:
        raise RuntimeError(f"wrk failed ({completed.returncode}): {completed.stderr[-500:]}")
    return parse_wrk_output(completed.stdout)
