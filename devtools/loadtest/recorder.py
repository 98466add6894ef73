"""What the simulated users saw: the latency of every action and every error, per action."""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field


class ActionFailed(Exception):
    """The action answered, but not what a working platform answers."""


class FlowAborted(Exception):
    """A step of a flow failed (and was recorded): the rest of the flow is skipped."""


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values (0.0 for none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass(frozen=True)
class ActionSummary:
    action: str
    count: int
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float


@dataclass
class Recorder:
    """Collects samples of one run; ``measure`` times an action and records how it ended
    (a failure is recorded, then raised again as :class:`FlowAborted`)."""

    latencies: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[tuple[str, str]] = field(default_factory=Counter)

    @contextmanager
    def measure(self, action: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        except Exception as error:
            self.errors[(action, _describe(error))] += 1
            raise FlowAborted(action) from error
        finally:
            self.latencies[action].append(time.perf_counter() - started)

    @property
    def total(self) -> int:
        return sum(len(values) for values in self.latencies.values())

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def summaries(self) -> list[ActionSummary]:
        failed: Counter[str] = Counter()
        for (action, _), count in self.errors.items():
            failed[action] += count
        rows = []
        for action in sorted(self.latencies):
            values = sorted(self.latencies[action])
            rows.append(
                ActionSummary(
                    action=action,
                    count=len(values),
                    errors=failed[action],
                    p50_ms=1000 * percentile(values, 0.50),
                    p95_ms=1000 * percentile(values, 0.95),
                    p99_ms=1000 * percentile(values, 0.99),
                    max_ms=1000 * values[-1],
                )
            )
        return rows


def _describe(error: Exception) -> str:
    text = str(error) or type(error).__name__
    if not isinstance(error, ActionFailed):
        text = f"{type(error).__name__}: {text}"
    return " ".join(text.split())[:300]
