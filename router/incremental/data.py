"""Reading response data by selection: objects at a path, projection onto a selection set,
what a payload adds to what was sent, and removal of the type probes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from graphql import FieldNode, GraphQLSchema, InlineFragmentNode, SelectionSetNode, is_abstract_type

from router.incremental.split import PROBE

type Path = list[str | int]


def objects_at(
    data: Any, keys: Sequence[str], prefix: Path | None = None
) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every object reached by following ``keys`` (lists fanned out by index), with its path."""
    path: Path = list(prefix or [])
    if isinstance(data, list):
        for index, item in enumerate(data):
            yield from objects_at(item, keys, [*path, index])
        return
    if not isinstance(data, dict):
        return
    if not keys:
        yield path, data
        return
    yield from objects_at(data.get(keys[0]), keys[1:], [*path, keys[0]])


def value_at(data: Any, path: Path) -> Any:
    for step in path:
        if isinstance(step, int):
            data = data[step] if isinstance(data, list) and step < len(data) else None
        else:
            data = data.get(step) if isinstance(data, dict) else None
        if data is None:
            return None
    return data


def applies(schema: GraphQLSchema, condition: str | None, value: dict[str, Any]) -> bool:
    """Whether a fragment on ``condition`` applies to an object (its probed ``__typename``)."""
    if condition is None:
        return True
    typename = value.get(PROBE)
    if not isinstance(typename, str) or typename == condition:
        return typename is None or typename == condition
    abstract = schema.get_type(condition)
    concrete = schema.get_type(typename)
    if abstract is None or concrete is None or not is_abstract_type(abstract):
        return False
    return schema.is_sub_type(abstract, concrete)


def project(schema: GraphQLSchema, value: Any, selection_set: SelectionSetNode) -> Any:
    """``value`` with only what ``selection_set`` selects (fragments checked by type)."""
    if isinstance(value, list):
        return [project(schema, item, selection_set) for item in value]
    if not isinstance(value, dict):
        return value
    projected: dict[str, Any] = {}
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            key = (selection.alias or selection.name).value
            if key in value:
                inner = value[key]
                if selection.selection_set is not None:
                    inner = project(schema, inner, selection.selection_set)
                projected[key] = merge(projected.get(key), inner)
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            if applies(schema, condition.name.value if condition else None, value):
                merge_into(projected, project(schema, value, selection.selection_set))
    return projected


def merge(old: Any, new: Any) -> Any:
    if isinstance(old, dict) and isinstance(new, dict):
        merge_into(old, new)
        return old
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [merge(a, b) for a, b in zip(old, new, strict=True)]
    return new


def merge_into(target: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        target[key] = merge(target.get(key), value) if key in target else value


def added(new: dict[str, Any], sent: Any) -> dict[str, Any]:
    """What ``new`` holds beyond ``sent`` (equal values left out, objects compared deeply)."""
    if not isinstance(sent, dict):
        return new
    delta: dict[str, Any] = {}
    for key, value in new.items():
        if key not in sent:
            delta[key] = value
        elif isinstance(value, dict) and isinstance(sent[key], dict):
            inner = added(value, sent[key])
            if inner:
                delta[key] = inner
        elif value != sent[key]:
            delta[key] = value
    return delta


def without_probes(value: Any) -> Any:
    if isinstance(value, list):
        return [without_probes(item) for item in value]
    if isinstance(value, dict):
        return {key: without_probes(item) for key, item in value.items() if key != PROBE}
    return value
