"""Build deduplicated `_entities` representations from the objects at a Flatten path."""

from __future__ import annotations

from typing import Any

import orjson

from router.plan import FetchNode, Projection, RepresentationShape

_MISSING = object()


def project(value: Any, projection: Projection) -> Any:
    """The part of `value` selected by `projection` (`_MISSING` if a field is absent)."""
    if isinstance(value, list):
        items = [project(item, projection) for item in value]
        return _MISSING if any(item is _MISSING for item in items) else items
    if not isinstance(value, dict):
        return value
    result: dict[str, Any] = {}
    for name, sub, optional in projection:
        if name not in value:
            if optional or name == "__typename":
                continue
            return _MISSING
        field = value[name]
        if sub is not None and field is not None:
            field = project(field, sub)
            if field is _MISSING:
                return _MISSING
        result[name] = field
    return result


class Representations:
    """Representations to send plus, per object, the index of its representation."""

    __slots__ = ("assignments", "items")

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.assignments: list[tuple[dict[str, Any], int]] = []


def build_representations(fetch: FetchNode, objects: list[dict[str, Any]]) -> Representations:
    """One representation per distinct entity; objects without a usable key are left out."""
    shapes: dict[str, RepresentationShape] = {s.concrete_type: s for s in fetch.representations}
    result = Representations()
    seen: dict[bytes, int] = {}
    for obj in objects:
        shape = shapes.get(obj.get("__typename"))  # type: ignore[arg-type]
        if shape is None:
            continue
        if any(obj.get(key) is None for key in shape.key_fields):
            continue
        representation = project(obj, shape.projection)
        if representation is _MISSING:
            continue
        representation["__typename"] = shape.sent_typename
        fingerprint = orjson.dumps(representation)
        index = seen.get(fingerprint)
        if index is None:
            index = seen[fingerprint] = len(result.items)
            result.items.append(representation)
        result.assignments.append((obj, index))
    return result
