"""One benchmark at a time: runs hold ``results/raw/bench.lock`` (two would load the same
machine and write the same result files)."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.paths import RAW_DIR

EXIT_BUSY = 3
EXIT_MISSING_TOOL = 2


@contextmanager
def bench_lock(lock_path: Path = RAW_DIR / "bench.lock") -> Iterator[int | None]:
    """Yields ``None`` while holding the lock, or the exit status to return instead."""
    from bench.runner import log

    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "?"
            log(f"another benchmark run (pid {holder}) is in progress; not starting a second")
            yield EXIT_BUSY
            return
        lock.truncate(0)
        lock.write(str(os.getpid()))
        lock.flush()
        for tool in ("wrk", "node", "npm"):
            if shutil.which(tool) is None:
                hint = " (apt-get install -y wrk)" if tool == "wrk" else ""
                log(f"missing tool: {tool}{hint}")
                yield EXIT_MISSING_TOOL
                return
        yield None
