"""Build deduplicated `_entities` representations from the objects at a Flatten path."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from router.plan import FetchNode, Projection, RepresentationShape

_MISSING = object()


def project(value: Any, projection: Projection) -> Any:
    """The part of `value` selected by `projection` (`_MISSING` if a field is absent)."""
    if isinstance(value, dict):
        return _project_object(value, projection)
    if isinstance(value, list):
        items = [project(item, projection) for item in value]
        return _MISSING if _MISSING in items else items
    return value


def _project_object(value: dict[str, Any], projection: Projection) -> Any:
    result: dict[str, Any] = {}
    for source, sent, sub, optional in projection:
        field = value.get(source, _MISSING)
        if field is _MISSING:
            if optional or sent == "__typename":
                continue
            return _MISSING
        if sub is not None and field is not None:
            field = project(field, sub)
            if field is _MISSING:
                return _MISSING
        result[sent] = field
    return result


def _has_key(obj: dict[str, Any], key_fields: tuple[str, ...]) -> bool:
    """Whether every key field has a value (a null key means there is no entity)."""
    # A plain loop: this runs once per object and `all(<generator>)` costs several times more.
    for name in key_fields:  # noqa: SIM110
        if obj.get(name) is None:
            return False
    return True


class Representations:
    """Representations to send plus, per object, the index of its representation.

    `fingerprints[i]` is the serialized `items[i]`; `reused` pairs objects with entities
    already answered earlier in the request (nothing is sent for those).
    """

    __slots__ = ("assignments", "fingerprints", "items", "reused")

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.fingerprints: list[bytes] = []
        self.assignments: list[tuple[dict[str, Any], int]] = []
        self.reused: list[tuple[dict[str, Any], dict[str, Any]]] = []


def build_representations(
    fetch: FetchNode,
    objects: list[dict[str, Any]],
    known: Mapping[bytes, dict[str, Any]],
    variables: Mapping[str, Any],
) -> Representations:
    """One representation per distinct entity not in `known` (entities by fingerprint).

    Objects without a usable key are left out, and those of a type whose selection these
    variable values skip.
    """
    shapes: dict[str, RepresentationShape] = {
        s.concrete_type: s
        for s in fetch.representations
        if all(bool(variables.get(name)) is value for name, value in s.gate)
    }
    result = Representations()
    seen: dict[bytes, int] = {}
    for obj in objects:
        shape = shapes.get(obj.get("__typename"))  # type: ignore[arg-type]
        if shape is None:
            continue
        if not _has_key(obj, shape.key_fields):
            continue
        representation = _project_object(obj, shape.projection)
        if representation is _MISSING:
            continue
        representation["__typename"] = shape.sent_typename
        fingerprint = orjson.dumps(representation)
        entity = known.get(fingerprint)
        if entity is not None:
            result.reused.append((obj, entity))
            continue
        index = seen.get(fingerprint)
        if index is None:
            index = seen[fingerprint] = len(result.items)
            result.items.append(representation)
            result.fingerprints.append(fingerprint)
        result.assignments.append((obj, index))
    return result
