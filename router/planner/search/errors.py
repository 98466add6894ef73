"""The error raised when no plan reaches a selected field."""

from __future__ import annotations


class PlanningError(Exception):
    """The operation cannot be planned against this supergraph (names what is unreachable)."""
