"""Read the Prometheus text exposition format (enough of it for the tests)."""

from __future__ import annotations

import re

type Series = tuple[str, frozenset[tuple[str, str]]]

_SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$")
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse(text: str) -> dict[Series, float]:
    """Every sample by (name, labels); raises ``ValueError`` on a line that is not valid."""
    samples: dict[Series, float] = {}
    for line in text.splitlines():
        if not line or line.startswith("# HELP ") or line.startswith("# TYPE "):
            continue
        match = _SAMPLE.match(line)
        if match is None:
            raise ValueError(f"not a sample line: {line!r}")
        name, labels, value = match.groups()
        pairs = frozenset(_LABEL.findall(labels or ""))
        samples[(name, pairs)] = float(value)
    return samples


def value(samples: dict[Series, float], name: str, **labels: str) -> float:
    """The sample ``name{labels}`` (0 when absent)."""
    return samples.get((name, frozenset(labels.items())), 0.0)


def types(text: str) -> dict[str, str]:
    """Metric name → type, from the ``# TYPE`` lines."""
    return {
        parts[2]: parts[3]
        for parts in (line.split() for line in text.splitlines() if line.startswith("# TYPE "))
    }
