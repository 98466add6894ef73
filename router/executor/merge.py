"""Deep-merge subgraph results into the response data, in place."""

from __future__ import annotations

from typing import Any, Final

ABSENT: Final = "@absent"
"""Key marking an object whose `_entities` answer was null (its value: the subgraph that said
so): the entity does not exist there, or the caller may not see it. Never a response key."""


def deep_merge(target: dict[str, Any], source: dict[str, Any]) -> None:
    """Merge `source` into `target`: objects recursively, lists element-wise."""
    for key, value in source.items():
        current = target.get(key)
        if current is None or value is None:
            if current is None:
                target[key] = value
            continue
        if isinstance(current, dict) and isinstance(value, dict):
            deep_merge(current, value)
        elif isinstance(current, list) and isinstance(value, list) and len(current) == len(value):
            _merge_lists(current, value)
        else:
            target[key] = value


def _merge_lists(current: list[Any], value: list[Any]) -> None:
    for index, item in enumerate(value):
        existing = current[index]
        if isinstance(existing, dict) and isinstance(item, dict):
            deep_merge(existing, item)
        elif isinstance(existing, list) and isinstance(item, list) and len(existing) == len(item):
            _merge_lists(existing, item)
        elif existing is None:
            current[index] = item
