"""Undo the aliases a subgraph query needed (fields whose types conflict in that subgraph)."""

from __future__ import annotations

from typing import Any

from router.plan import Rename


def undo_renames(value: Any, renames: tuple[Rename, ...]) -> None:
    """Rename every aliased field back to its response key, in place (the deepest first: a
    rename's `where` may go through a field aliased itself)."""
    for rename in reversed(renames):
        objects = [value]
        for key in rename.where:
            objects = [child for obj in objects for child in _children(obj, key)]
        for obj in _objects(objects):
            if rename.alias in obj:
                obj[rename.key] = obj.pop(rename.alias)


def _children(value: Any, key: str) -> list[Any]:
    return [obj[key] for obj in _objects([value]) if obj.get(key) is not None]


def _objects(values: list[Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    stack = list(reversed(values))
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            found.append(value)
        elif isinstance(value, list):
            stack.extend(reversed(value))
    return found
