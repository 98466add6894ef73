"""Find the objects a Flatten path points at in the merged data ("@" walks into lists)."""

from __future__ import annotations

from typing import Any


def objects_at(data: dict[str, Any], path: tuple[str, ...]) -> list[dict[str, Any]]:
    """Every object at `path`, in document order (null values are skipped)."""
    current: list[Any] = [data]
    for segment in path:
        if segment == "@":
            current = [item for value in current if isinstance(value, list) for item in value]
        else:
            current = [
                child
                for value in current
                if isinstance(value, dict) and (child := value.get(segment)) is not None
            ]
    return [value for value in current if isinstance(value, dict)]


def object_paths(data: dict[str, Any], path: tuple[str, ...]) -> dict[int, list[str | int]]:
    """id(object) -> its response path, for the objects at `path` (used to rewrite errors)."""
    current: list[tuple[Any, list[str | int]]] = [(data, [])]
    for segment in path:
        following: list[tuple[Any, list[str | int]]] = []
        for value, where in current:
            if segment == "@":
                if isinstance(value, list):
                    following.extend((item, [*where, i]) for i, item in enumerate(value))
            elif isinstance(value, dict) and value.get(segment) is not None:
                following.append((value[segment], [*where, segment]))
        current = following
    return {id(value): where for value, where in current if isinstance(value, dict)}
