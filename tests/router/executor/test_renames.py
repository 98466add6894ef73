"""`undo_renames`: aliases a subgraph query needed are renamed back to response keys."""

from __future__ import annotations

from typing import Any

from router.executor.renames import undo_renames
from router.plan import Rename


def test_an_alias_at_the_top_is_renamed_back() -> None:
    value: dict[str, Any] = {"_v1": 1, "w": 2}
    undo_renames(value, (Rename((), "_v1", "v"),))
    assert value == {"w": 2, "v": 1}


def test_lists_are_walked_and_objects_without_the_alias_untouched() -> None:
    value: dict[str, Any] = {
        "items": [
            {"__typename": "A", "v": 1},
            {"__typename": "B", "_v1": None},
            [{"__typename": "B", "_v1": 3}],
            None,
        ]
    }
    undo_renames(value, (Rename(("items",), "_v1", "v"),))
    assert value == {
        "items": [
            {"__typename": "A", "v": 1},
            {"__typename": "B", "v": None},
            [{"__typename": "B", "v": 3}],
            None,
        ]
    }


def test_nested_paths_skip_null_objects() -> None:
    value: dict[str, Any] = {
        "a": [{"b": {"_x1": "x"}}, {"b": None}, {}],
        "other": {"_x1": "stays"},
    }
    undo_renames(value, (Rename(("a", "b"), "_x1", "x"),))
    assert value == {"a": [{"b": {"x": "x"}}, {"b": None}, {}], "other": {"_x1": "stays"}}


def test_entities_lists_are_walked_from_the_top() -> None:
    value: list[Any] = [{"_o1": {"id": 1}}, {"o": {"id": 2}}]
    undo_renames(value, (Rename((), "_o1", "o"),))
    assert value == [{"o": {"id": 1}}, {"o": {"id": 2}}]


def test_renames_apply_in_order() -> None:
    value: dict[str, Any] = {"p": {"_a1": 1, "_b1": {"_c1": 2}}}
    undo_renames(
        value,
        (Rename(("p",), "_a1", "a"), Rename(("p",), "_b1", "b"), Rename(("p", "b"), "_c1", "c")),
    )
    assert value == {"p": {"a": 1, "b": {"c": 2}}}
