"""Remove denied fields from a normalized operation (what is planned and sent to subgraphs).

A composite field whose whole sub-selection is removed is removed too ("collapsed"); only the
denied fields themselves get errors. Untouched subtrees are shared with the original tree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from router.authorization.errors import unauthorized_errors
from router.normalize.tree import NField, NormalizedOperation, NSelection


@dataclass(frozen=True, eq=False, slots=True)
class Restriction:
    """The operation as allowed for one set of denied fields, and how to report them."""

    key: frozenset[int]  # indexes of the outermost denied guarded fields
    operation: NormalizedOperation  # filtered: what is planned
    original: NormalizedOperation  # what the response is shaped with
    denied: frozenset[NField]
    collapsed: frozenset[NField]  # removed because nothing was left under them
    on_path: frozenset[NField]  # kept fields with removed fields somewhere below

    def errors(self, data: Mapping[str, Any]) -> list[dict[str, Any]]:
        """One error per response position of a denied field (given the merged data)."""
        return unauthorized_errors(
            data, self.original.root, self.denied, self.collapsed, self.on_path
        )


class _Filter:
    def __init__(self, denied: frozenset[NField]) -> None:
        self.denied = denied
        self.collapsed: set[NField] = set()
        self.on_path: set[NField] = set()

    def fields(self, fields: list[NField]) -> list[NField]:
        """The kept fields (the same list object when nothing changed)."""
        kept: list[NField] = []
        changed = False
        for selected in fields:
            if selected in self.denied:
                changed = True
                continue
            if selected.selection is not None:
                sub = self.selection(selected.selection)
                if sub is None:
                    self.collapsed.add(selected)
                    changed = True
                    continue
                if sub is not selected.selection:
                    self.on_path.add(selected)
                    selected = replace(selected, selection=sub)
                    changed = True
            kept.append(selected)
        return kept if changed else fields

    def selection(self, selection: NSelection) -> NSelection | None:
        """The kept selection, the same object when unchanged, None when nothing is left."""
        if not selection.abstract:
            fields = self.fields(selection.fields)
            if fields is selection.fields:
                return selection
            return NSelection(selection.type_name, False, fields=fields) if fields else None
        by_type = {name: self.fields(fields) for name, fields in selection.by_type.items()}
        if all(by_type[name] is fields for name, fields in selection.by_type.items()):
            return selection
        if not any(by_type.values()):
            return None
        # guards look at the object types' fields: without the interface-level copies, an
        # answer naming only the interface is planned through an owner of its types
        return NSelection(selection.type_name, True, by_type=by_type)


def restrict(
    operation: NormalizedOperation, key: frozenset[int], denied: frozenset[NField]
) -> Restriction:
    """`operation` without the `denied` fields (and the composite fields left empty)."""
    pruning = _Filter(denied)
    root = pruning.selection(operation.root)
    if root is None:
        root = NSelection(operation.root.type_name, False)
    return Restriction(
        key=key,
        operation=replace(operation, root=root),
        original=operation,
        denied=denied,
        collapsed=frozenset(pruning.collapsed),
        on_path=frozenset(pruning.on_path),
    )
