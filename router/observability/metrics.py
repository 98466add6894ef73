"""A tiny Prometheus registry: counters, gauges and histograms in the text exposition format.

Updates are a dict lookup and an addition (no locks: one asyncio loop per process). A metric
keeps at most ``MAX_SERIES`` label combinations; further ones are counted under ``other``, so
unexpected label values cannot grow memory without bound.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from typing import Final

type Labels = tuple[str, ...]

MAX_SERIES: Final = 200
OVERFLOW: Final = "other"
CONTENT_TYPE: Final = b"text/plain; version=0.0.4; charset=utf-8"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value: float) -> str:
    if value == float("inf"):
        return "+Inf"
    return str(int(value)) if value.is_integer() else repr(value)


class _Metric:
    kind = "untyped"

    def __init__(self, name: str, documentation: str, label_names: Sequence[str] = ()) -> None:
        self.name = name
        self.documentation = documentation
        self.label_names = tuple(label_names)
        self._overflow: Labels = (OVERFLOW,) * len(self.label_names)

    def _selector(self, labels: Labels, extra: str = "") -> str:
        pairs = [
            f'{name}="{_escape(value)}"'
            for name, value in zip(self.label_names, labels, strict=True)
        ]
        if extra:
            pairs.append(extra)
        return "{" + ",".join(pairs) + "}" if pairs else ""

    def samples(self) -> Iterator[str]:
        raise NotImplementedError

    def expose(self) -> Iterator[str]:
        yield f"# HELP {self.name} {self.documentation}"
        yield f"# TYPE {self.name} {self.kind}"
        yield from self.samples()


class Counter(_Metric):
    """A monotonically increasing value per label combination."""

    kind = "counter"

    def __init__(self, name: str, documentation: str, label_names: Sequence[str] = ()) -> None:
        super().__init__(name, documentation, label_names)
        self._values: dict[Labels, float] = {}

    def inc(self, labels: Labels = (), amount: float = 1.0) -> None:
        values = self._values
        current = values.get(labels)
        if current is None:
            if len(values) >= MAX_SERIES:
                labels = self._overflow
            current = values.get(labels, 0.0)
        values[labels] = current + amount

    def value(self, labels: Labels = ()) -> float:
        return self._values.get(labels, 0.0)

    def samples(self) -> Iterator[str]:
        for labels, value in self._values.items():
            yield f"{self.name}{self._selector(labels)} {_number(value)}"


class Gauge(_Metric):
    """A value that goes up and down (no labels)."""

    kind = "gauge"

    def __init__(self, name: str, documentation: str) -> None:
        super().__init__(name, documentation)
        self.value = 0.0

    def samples(self) -> Iterator[str]:
        yield f"{self.name} {_number(self.value)}"


class _Series:
    __slots__ = ("counts", "total")

    def __init__(self, size: int) -> None:
        self.counts = [0] * size  # per bucket, not cumulative; the last one is +Inf
        self.total = 0.0


class Histogram(_Metric):
    """Observations counted in fixed buckets (``le`` upper bounds), with their sum and count."""

    kind = "histogram"

    def __init__(
        self,
        name: str,
        documentation: str,
        label_names: Sequence[str] = (),
        buckets: Sequence[float] = (),
    ) -> None:
        super().__init__(name, documentation, label_names)
        self._bounds = tuple(sorted(buckets))
        self._series: dict[Labels, _Series] = {}

    def observe(self, value: float, labels: Labels = ()) -> None:
        series = self._series.get(labels)
        if series is None:
            if len(self._series) >= MAX_SERIES:
                labels = self._overflow
            series = self._series.get(labels)
            if series is None:
                series = self._series[labels] = _Series(len(self._bounds) + 1)
        series.counts[bisect_left(self._bounds, value)] += 1
        series.total += value

    def count(self, labels: Labels = ()) -> int:
        series = self._series.get(labels)
        return sum(series.counts) if series is not None else 0

    def samples(self) -> Iterator[str]:
        bounds = (*self._bounds, float("inf"))
        for labels, series in self._series.items():
            cumulative = 0
            for bound, count in zip(bounds, series.counts, strict=True):
                cumulative += count
                selector = self._selector(labels, f'le="{_number(bound)}"')
                yield f"{self.name}_bucket{selector} {cumulative}"
            yield f"{self.name}_sum{self._selector(labels)} {_number(series.total)}"
            yield f"{self.name}_count{self._selector(labels)} {cumulative}"


class Registry:
    """The metrics of one process, exposed together."""

    def __init__(self) -> None:
        self._metrics: list[_Metric] = []

    def counter(self, name: str, documentation: str, label_names: Sequence[str] = ()) -> Counter:
        return self._add(Counter(name, documentation, label_names))

    def gauge(self, name: str, documentation: str) -> Gauge:
        return self._add(Gauge(name, documentation))

    def histogram(
        self,
        name: str,
        documentation: str,
        label_names: Sequence[str] = (),
        buckets: Sequence[float] = (),
    ) -> Histogram:
        return self._add(Histogram(name, documentation, label_names, buckets))

    def _add[M: _Metric](self, metric: M) -> M:
        self._metrics.append(metric)
        return metric

    def expose(self) -> bytes:
        """The text exposition format (version 0.0.4)."""
        lines = [line for metric in self._metrics for line in metric.expose()]
        return ("\n".join(lines) + "\n").encode()
