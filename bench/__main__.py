"""`python -m bench`: run the gateway benchmark and write bench/results/latest.*."""

from __future__ import annotations

import shutil
import sys

from bench.runner import BenchmarkRun, log
from bench.settings import BenchSettings


def main() -> int:
    for tool in ("wrk", "node", "npm"):
        if shutil.which(tool) is None:
            hint = " (apt-get install -y wrk)" if tool == "wrk" else ""
            log(f"missing tool: {tool}{hint}")
            return 2
    return BenchmarkRun(BenchSettings.from_env()).run()


if __name__ == "__main__":
    sys.exit(main())
