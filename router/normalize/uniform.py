"""The fields selected whatever the object's type, when every possible type selects the
same ones (an `@interfaceObject` answer names only the interface)."""

from __future__ import annotations

from graphql import print_ast

from router.normalize.tree import NField, NSelection


def uniform_fields(selection: NSelection) -> list[NField] | None:
    """The fields selected on an interface when no object type selects more, and none of
    them is `__typename` (so the object's type never has to be known)."""
    fields = selection.interface_fields
    if fields is None or any(field.name == "__typename" for field in fields):
        return None
    if all(_same_fields(fields, other) for other in selection.by_type.values()):
        return fields
    return None


def _same_fields(left: list[NField], right: list[NField]) -> bool:
    if len(left) != len(right):
        return False
    for a, b in zip(left, right, strict=True):
        if (a.response_key, a.name) != (b.response_key, b.name):
            return False
        if [print_ast(x) for x in a.arguments] != [print_ast(x) for x in b.arguments]:
            return False
        if (a.selection is None) != (b.selection is None):
            return False
        if (
            a.selection is not None
            and b.selection is not None
            and not _same_selection(a.selection, b.selection)
        ):
            return False
    return True


def _same_selection(left: NSelection, right: NSelection) -> bool:
    if left.type_name != right.type_name or left.abstract != right.abstract:
        return False
    if not left.abstract:
        return _same_fields(left.fields, right.fields)
    return left.by_type.keys() == right.by_type.keys() and all(
        _same_fields(fields, right.by_type[name]) for name, fields in left.by_type.items()
    )
