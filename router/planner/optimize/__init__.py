"""Fetch-graph optimizations, one module each, applied in order by `optimize`."""

from __future__ import annotations

from router.planner.fetch_graph import FetchStep
from router.planner.optimize.prune_empty import prune_empty_steps


def optimize(steps: list[FetchStep]) -> list[FetchStep]:
    """Apply every optimization pass (sibling merging happens while walking)."""
    return prune_empty_steps(steps)


__all__ = ["optimize"]
