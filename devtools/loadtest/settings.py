"""Load test settings, from the environment (``LOADTEST_*``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from devtools.stack import PROJECT_ROOT


def _number(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


@dataclass(frozen=True)
class LoadSettings:
    """``duration`` seconds per run, ``runs`` runs in a row, ``users`` users at once, arriving
    one by one over the first ``ramp_up`` seconds of the first run (like locust's spawn rate:
    a login costs an argon2id hash, a login storm is another test) and keeping their sessions
    for the later runs.

    Each user waits ``think_min``..``think_max`` seconds between two actions, like a person
    reading a page; that keeps the writes modest (mongoeco stores ~150 documents/s on SQLite).
    """

    duration: float = 60.0
    runs: int = 3
    users: int = 50
    api_users: int = 10  # of ``users``: third-party API clients; the others use the web app
    ramp_up: float = 50.0
    think_min: float = 1.0
    think_max: float = 5.0
    request_timeout: float = 60.0
    output_dir: Path = PROJECT_ROOT / ".data" / "loadtest"

    @classmethod
    def from_env(cls) -> LoadSettings:
        return cls(
            duration=_number("LOADTEST_DURATION", cls.duration),
            runs=int(_number("LOADTEST_RUNS", cls.runs)),
            users=int(_number("LOADTEST_USERS", cls.users)),
            api_users=int(_number("LOADTEST_API_USERS", cls.api_users)),
            ramp_up=_number("LOADTEST_RAMP_UP", cls.ramp_up),
            think_min=_number("LOADTEST_THINK_MIN", cls.think_min),
            think_max=_number("LOADTEST_THINK_MAX", cls.think_max),
            output_dir=Path(os.environ.get("LOADTEST_OUTPUT") or cls.output_dir),
        )
