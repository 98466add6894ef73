"""`levels`: dependency levels and merge scopes of fetch steps."""

from __future__ import annotations

from router.planner.optimize.levels import merge_scopes, repoint, step_levels
from tests.router.planner.optimize.steps import entity, root


def test_levels_follow_the_longest_dependency_chain() -> None:
    steps = [
        root(0, "a", "x"),
        root(1, "b", "y"),
        entity(2, "c", ("p",), {0}, "z"),
        entity(3, "d", ("p",), {2, 1}, "w"),
    ]
    assert step_levels(steps) == {0: 0, 1: 0, 2: 1, 3: 2}


def test_query_steps_share_one_scope() -> None:
    steps = [root(0, "a", "x"), root(1, "b", "y"), entity(2, "c", ("p",), {0}, "z")]
    assert merge_scopes(steps, "query") == {0: None, 1: None, 2: None}


def test_mutation_steps_are_scoped_by_the_root_steps_they_descend_from() -> None:
    steps = [
        root(0, "a", "x", kind="mutation"),
        root(1, "b", "y", kind="mutation"),
        entity(2, "c", ("x",), {0}, "z"),
        entity(3, "c", ("y",), {1}, "z"),
        entity(4, "d", ("x",), {2}, "w"),
    ]
    scopes = merge_scopes(steps, "mutation")
    assert scopes[2] == scopes[4] == frozenset({0})
    assert scopes[3] == frozenset({1})


def test_repoint() -> None:
    steps = [root(0, "a", "x"), entity(2, "c", ("p",), {0, 1}, "z")]
    repoint(steps, {1: 0})
    assert steps[1].deps == {0}
