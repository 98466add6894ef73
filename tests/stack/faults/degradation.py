"""Compare an answer given during an outage with the full answer given before it.

A degraded answer may differ from the full one only by nulls that an error explains: an
error whose path runs through (or ends at) the null. Everything else must be identical.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

type Path = tuple[str | int, ...]


def error_paths(errors: Sequence[Any]) -> list[Path]:
    return [tuple(error.get("path") or ()) for error in errors if isinstance(error, dict)]


def unexplained_differences(full: Any, degraded: Any, errors: Sequence[Any]) -> list[str]:
    """Paths where ``degraded`` differs from ``full`` without an error explaining it."""
    paths = error_paths(errors)
    problems: list[str] = []
    _compare(full, degraded, (), paths, problems)
    return problems


def _compare(full: Any, degraded: Any, here: Path, paths: list[Path], problems: list[str]) -> None:
    if full == degraded:
        return
    if degraded is None:
        if not any(path[: len(here)] == here for path in paths):
            problems.append(f"{_show(here)} is null without an error under it")
        return
    if isinstance(full, dict) and isinstance(degraded, dict) and full.keys() == degraded.keys():
        for key in full:
            _compare(full[key], degraded[key], (*here, key), paths, problems)
        return
    if isinstance(full, list) and isinstance(degraded, list) and len(full) == len(degraded):
        for index, (left, right) in enumerate(zip(full, degraded, strict=True)):
            _compare(left, right, (*here, index), paths, problems)
        return
    problems.append(f"{_show(here)} changed: {full!r} -> {degraded!r}")


def _show(path: Path) -> str:
    return ".".join(str(part) for part in path) or "data"
