"""`python -m bench`: run the gateway benchmark and write bench/results/latest.*."""

from __future__ import annotations

import argparse
import fcntl
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from bench.paths import RAW_DIR
from bench.runner import BenchmarkRun, log
from bench.settings import BenchSettings

EXIT_BUSY = 3

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
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "?"
            log(f"another benchmark run (pid {holder}) is in progress; not starting a second")
            return EXIT_BUSY
        lock.truncate(0)
        lock.write(str(os.getpid()))
        lock.flush()
        for tool in ("wrk", "node", "npm"):
            if shutil.which(tool) is None:
                hint = " (apt-get install -y wrk)" if tool == "wrk" else ""
                log(f"missing tool: {tool}{hint}")
                return 2
        return BenchmarkRun(BenchSettings.from_env()).run()


if __name__ == "__main__":
    sys.exit(main())
