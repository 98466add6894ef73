"""Whether two field sets ask for the same field with different arguments."""

from __future__ import annotations

from graphql import print_ast

from router.normalize.tree import NField, NSelection


def _arguments(field: NField) -> str:
    return ",".join(f"{a.name.value}:{print_ast(a.value)}" for a in field.arguments)


def _fields_conflict(left: list[NField], right: list[NField]) -> bool:
    by_name = {field.response_key: field for field in left}
    for field in right:
        other = by_name.get(field.response_key)
        if other is None:
            continue
        if other.name != field.name or _arguments(other) != _arguments(field):
            return True
        if (
            field.selection is not None
            and other.selection is not None
            and selections_conflict(field.selection, other.selection)
        ):
            return True
    return False


def selections_conflict(left: NSelection, right: NSelection) -> bool:
    """True when one representation cannot carry both (a field twice, other arguments)."""
    if not left.abstract and not right.abstract:
        return _fields_conflict(left.fields, right.fields)
    for type_name, fields in left.by_type.items():
        other = right.fields_for(type_name)
        if other is not None and _fields_conflict(fields, other):
            return True
    return False
