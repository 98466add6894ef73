"""wrk Lua script generation and output parsing."""

from __future__ import annotations

import pytest

from bench.wrk import MARKER, lua_script, parse_wrk_output

WRK_STDOUT = f"""Running 5s test @ http://127.0.0.1:4200/graphql
  1 threads and 32 connections
  Latency Distribution
     50%    2.10ms
Requests/sec:   4000.00
{MARKER}{{"requests":20000,"duration_us":5000000,"connect":0,"read":2,"write":0,"status":3,"timeout":1,"p50_us":2100,"p95_us":5500,"p99_us":9875,"mean_us":2500.5}}
"""


def test_parses_rps_percentiles_and_errors() -> None:
    result = parse_wrk_output(WRK_STDOUT)
    assert result.rps == 4000.0
    assert (result.p50_ms, result.p95_ms, result.p99_ms) == (2.1, 5.5, 9.875)
    assert result.errors == 6  # read + non-2xx status + timeout
    assert result.requests == 20000


def test_no_completed_request_has_no_latency() -> None:
    line = (
        f'{MARKER}{{"requests":0,"duration_us":3000000,"connect":0,"read":0,"write":0,'
        '"status":0,"timeout":32,"p50_us":0,"p95_us":0,"p99_us":0,"mean_us":0}'
    )
    result = parse_wrk_output(line)
    assert result.rps == 0.0
    assert result.p99_ms is None
    assert result.errors == 32


def test_missing_marker_is_an_error() -> None:
    with pytest.raises(ValueError, match="BENCH_RESULT"):
        parse_wrk_output("Requests/sec: 10\n")


def test_lua_script_embeds_body_and_done_hook() -> None:
    script = lua_script('{"query":"{ a }"}')
    assert '[==[{"query":"{ a }"}]==]' in script
    assert "function done(summary, latency, requests)" in script
    assert "latency:percentile(99)" in script
    with pytest.raises(ValueError):
        lua_script("x]==]y")
