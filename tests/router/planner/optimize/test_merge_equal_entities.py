"""`merge_equal_entity_steps`: equal entity steps of one level share one call."""

from __future__ import annotations

from router.planner.optimize.merge_equal_entities import merge_equal_entity_steps
from tests.router.planner.optimize.steps import entity, ids, root


def test_equal_steps_at_other_paths_merge() -> None:
    steps = [
        root(0, "a", "x"),
        root(1, "b", "y"),
        entity(2, "c", ("x", "@"), {0}, "price"),
        entity(3, "c", ("y", "@"), {1}, "price"),
        entity(4, "d", ("y", "@"), {3}, "stock"),
    ]
    merged = merge_equal_entity_steps(steps, "query")
    assert ids(merged) == [0, 1, 2, 4]
    assert merged[2].paths == [("x", "@"), ("y", "@")]
    assert merged[2].deps == {0, 1}
    assert merged[3].deps == {2}  # repointed to the absorbing step


def test_nothing_to_merge_keeps_the_list() -> None:
    steps = [root(0, "a", "x"), entity(1, "c", ("x",), {0}, "price")]
    assert merge_equal_entity_steps(steps, "query") is steps


def test_a_path_both_had_is_kept_once() -> None:
    steps = [
        root(0, "a", "x"),
        entity(1, "c", ("x",), {0}, "price"),
        entity(2, "c", ("x",), {0}, "price"),
    ]
    (_root, step) = merge_equal_entity_steps(steps, "query")
    assert step.paths == [("x",)]


def test_other_selections_subgraphs_or_levels_do_not_merge() -> None:
    steps = [
        root(0, "a", "x"),
        entity(1, "c", ("x",), {0}, "price"),
        entity(2, "c", ("y",), {0}, "stock"),
        entity(3, "d", ("z",), {0}, "price"),
        entity(4, "c", ("w",), {1}, "price"),
    ]
    assert ids(merge_equal_entity_steps(steps, "query")) == [0, 1, 2, 3, 4]


def test_other_representation_shapes_do_not_merge() -> None:
    first = entity(1, "c", ("x",), {0}, "price")
    second = entity(2, "c", ("y",), {0}, "price")
    second.requires.fragment("Product").field("sku", "sku")
    assert ids(merge_equal_entity_steps([root(0, "a", "x"), first, second], "query")) == [0, 1, 2]


def test_mutation_steps_after_other_root_fields_do_not_merge() -> None:
    steps = [
        root(0, "a", "x", kind="mutation"),
        root(1, "a", "y", kind="mutation"),
        entity(2, "c", ("x",), {0}, "price"),
        entity(3, "c", ("y",), {1}, "price"),
    ]
    assert ids(merge_equal_entity_steps(steps, "mutation")) == [0, 1, 2, 3]
    assert ids(merge_equal_entity_steps(steps, "query")) == [0, 1, 2]


def test_steps_behind_other_conditions_do_not_merge() -> None:
    first = entity(1, "c", ("x",), {0}, "price")
    second = entity(2, "c", ("y",), {0}, "price")
    first.gate = frozenset({("v", True)})
    assert ids(merge_equal_entity_steps([root(0, "a", "x"), first, second], "query")) == [0, 1, 2]
    second.gate = frozenset({("v", True)})
    assert ids(merge_equal_entity_steps([root(0, "a", "x"), first, second], "query")) == [0, 1]
