"""`python -m bench`: run the gateway benchmark and write bench/results/latest.*."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bench.lock import EXIT_BUSY, bench_lock
from bench.paths import RAW_DIR
from bench.runner import BenchmarkRun
from bench.settings import BenchSettings

__all__ = ["EXIT_BUSY", "main"]

_EPILOG = """environment:
  BENCH_DURATION     seconds of each measured wrk run (default 10)
  BENCH_WARMUP       seconds of unrecorded load before each run (default duration/2, 2-5)
  BENCH_ROUNDS       rounds, gateway order rotated each round (default 3)
  BENCH_CONNECTIONS  wrk connections (default 32; trivial-1conn always uses 1)
  BENCH_COUNT_REQUESTS  sequential heavy requests used to count subgraph requests (default 20)
  BENCH_SETTLE       pause in seconds after each wrk run (default 1)
  BENCH_GATEWAYS     comma list, e.g. ours,grafbase (default: all)
  BENCH_WORKLOADS    comma list of heavy,trivial,trivial-1conn,mutation (default: all)

exit status: 0 ok, 1 a gateway answered differently, 2 wrk/node/npm missing,
3 another benchmark run holds the lock (results would mix)."""


def _parser() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(
        prog="python -m bench",
        description="Gateway benchmark: ours, Apollo Gateway, Hive Gateway, Grafbase on the "
        "same subgraphs; writes bench/results/latest.{json,md,png}. See BENCHMARKS.md.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def main(argv: Sequence[str] | None = None, lock_path: Path = RAW_DIR / "bench.lock") -> int:
    _parser().parse_args(argv)  # only --help; anything else is an error
    with bench_lock(lock_path) as refused:
        if refused is not None:
            return refused
        return BenchmarkRun(BenchSettings.from_env()).run()


if __name__ == "__main__":
    sys.exit(main())
