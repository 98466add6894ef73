"""`undo_renames`: aliases a subgraph query needed are renamed back to response keys."""

from __future__ import annotations

from typing import Any

from router.executor.renames import undo_renames
from router.plan import Rename
from router.planner.selection_builder import SelectionBuilder, render_compact


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


def test_renames_walk_the_keys_the_subgraph_sent() -> None:
    value: dict[str, Any] = {"p": {"_a1": 1, "_b1": {"_c1": 2}}}
    undo_renames(
        value,
        (Rename(("p",), "_a1", "a"), Rename(("p",), "_b1", "b"), Rename(("p", "_b1"), "_c1", "c")),
    )
    assert value == {"p": {"a": 1, "b": {"c": 2}}}


def test_renames_frozen_below_an_aliased_field_are_all_undone() -> None:
    builder = SelectionBuilder("Item")
    first = builder.fragment("A").field("o", "o", type_text="U", sub_type="U")
    assert first is not None and first.sub is not None
    first.sub.field("id", "id", type_text="ID")
    second = builder.fragment("B").field("o", "o", type_text="[U]", sub_type="U")
    assert second is not None and second.sub is not None
    second.sub.fragment("X").field("v", "v", type_text="Int!")
    second.sub.fragment("Y").field("v", "v", type_text="Int")
    renames: list[Rename] = []
    frozen = builder.freeze(renames)
    assert render_compact(frozen) == "{...on A{o{id}} ...on B{_o1:o{...on X{v} ...on Y{_v1:v}}}}"
    answer: list[Any] = [{"_o1": [{"_v1": 1}, {"v": 2}]}, {"o": {"id": 3}}]
    undo_renames(answer, tuple(renames))
    assert answer == [{"o": [{"v": 1}, {"v": 2}]}, {"o": {"id": 3}}]
