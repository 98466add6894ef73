"""The `UNAUTHORIZED_FIELD_OR_TYPE` errors of removed fields, at their response paths.

Below a kept field the errors follow the merged data (list indexes, runtime types; no error
where the parent is null). Below a collapsed field there is no data: the path goes on from the
query, with `"@"` standing for list items (as Apollo Router reports such paths).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from router.normalize.tree import NField, NSelection

UNAUTHORIZED_MESSAGE = "Unauthorized field or type"
UNAUTHORIZED_CODE = "UNAUTHORIZED_FIELD_OR_TYPE"


def unauthorized_error(path: list[str | int]) -> dict[str, Any]:
    """The error for one denied position."""
    return {
        "message": UNAUTHORIZED_MESSAGE,
        "path": path,
        "extensions": {"code": UNAUTHORIZED_CODE},
    }


def _sub_lists(selection: NSelection) -> list[list[NField]]:
    return list(selection.by_type.values()) if selection.abstract else [selection.fields]


class _Reporter:
    __slots__ = ("collapsed", "denied", "errors", "on_path", "path", "seen")

    def __init__(
        self,
        denied: frozenset[NField],
        collapsed: frozenset[NField],
        on_path: frozenset[NField],
    ) -> None:
        self.denied = denied
        self.collapsed = collapsed
        self.on_path = on_path
        self.errors: list[dict[str, Any]] = []
        self.path: list[str | int] = []
        self.seen: set[tuple[str | int, ...]] = set()

    def emit(self, path: list[str | int]) -> None:
        key = tuple(path)
        if key not in self.seen:
            self.seen.add(key)
            self.errors.append(unauthorized_error(path))

    def object(self, source: Mapping[str, Any], fields: list[NField]) -> None:
        for selected in fields:
            key = selected.response_key
            if selected in self.denied:
                self.emit([*self.path, key])
            elif selected in self.collapsed:
                self.below_removed(selected, [*self.path, key])
            elif selected in self.on_path:
                self.path.append(key)
                self.value(source.get(key), selected, selected.list_depth)
                self.path.pop()

    def value(self, value: Any, selected: NField, depth: int) -> None:
        if depth:
            if isinstance(value, list):
                for index, item in enumerate(value):
                    self.path.append(index)
                    self.value(item, selected, depth - 1)
                    self.path.pop()
            return
        selection = selected.selection
        if selection is None or not isinstance(value, dict):
            return
        if selection.abstract:
            typename = value.get("__typename")
            fields = selection.by_type.get(typename) if isinstance(typename, str) else None
        else:
            fields = selection.fields
        if fields:
            self.object(value, fields)

    def below_removed(self, selected: NField, prefix: list[str | int]) -> None:
        assert selected.selection is not None
        base = [*prefix, *("@",) * selected.list_depth]
        for fields in _sub_lists(selected.selection):
            for child in fields:
                if child in self.denied:
                    self.emit([*base, child.response_key])
                elif child in self.collapsed:
                    self.below_removed(child, [*base, child.response_key])


def unauthorized_errors(
    data: Mapping[str, Any],
    root: NSelection,
    denied: frozenset[NField],
    collapsed: frozenset[NField],
    on_path: frozenset[NField],
) -> list[dict[str, Any]]:
    """Errors for every position of a denied field in the response."""
    reporter = _Reporter(denied, collapsed, on_path)
    reporter.object(data, root.fields)
    return reporter.errors
