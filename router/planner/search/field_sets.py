"""Small measures of normalized selections used by the search."""

from __future__ import annotations

from router.normalize.tree import NField, NSelection


def fields_of(selection: NSelection) -> list[NField]:
    if not selection.abstract:
        return selection.fields
    return next(iter(selection.by_type.values()), [])


def top_level_names(selection: NSelection) -> set[str]:
    if not selection.abstract:
        return {f.name for f in selection.fields}
    return {f.name for fields in selection.by_type.values() for f in fields}


def size(selection: NSelection) -> int:
    fields = (
        selection.fields
        if not selection.abstract
        else [f for fields in selection.by_type.values() for f in fields]
    )
    return sum(1 + (0 if f.selection is None else size(f.selection)) for f in fields)


def leaves(field: NField) -> int:
    selection = field.selection
    if selection is None:
        return 1
    fields = (
        selection.fields
        if not selection.abstract
        else (selection.interface_fields or next(iter(selection.by_type.values()), []))
    )
    return max(1, sum(leaves(child) for child in fields))
