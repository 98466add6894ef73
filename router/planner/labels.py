"""Which progressive-@override labels are on for a request.

Labels switched on by configuration always are. A ``percent(x)`` label is always on for
x >= 100 and off for x <= 0; other percentages are rolled per request when percentages are
honored (off by default: such labels stay off).
"""

from __future__ import annotations

import random

from router.supergraph import Supergraph

_PERCENT_PREFIX = "percent("


class OverrideLabels:
    """The label set to plan a request with."""

    def __init__(
        self, supergraph: Supergraph, enabled: frozenset[str], honor_percentages: bool
    ) -> None:
        percent_labels = _labels_with_percentages(supergraph)
        self._enabled = enabled | {label for label, percent in percent_labels if percent >= 100}
        self._rolled = tuple(
            (label, percent)
            for label, percent in percent_labels
            if honor_percentages and 0 < percent < 100
        )

    def for_request(self) -> frozenset[str]:
        if not self._rolled:
            return self._enabled
        rolled = {label for label, percent in self._rolled if random.random() * 100 < percent}
        return self._enabled | rolled


def _labels_with_percentages(supergraph: Supergraph) -> tuple[tuple[str, float], ...]:
    found: dict[str, float] = {}
    for info in supergraph.types.values():
        for field_info in info.fields.values():
            for entry in field_info.graphs.values():
                label = entry.override_label
                if label and label.startswith(_PERCENT_PREFIX) and label.endswith(")"):
                    try:
                        found[label] = float(label[len(_PERCENT_PREFIX) : -1])
                    except ValueError:
                        continue
    return tuple(sorted(found.items()))
