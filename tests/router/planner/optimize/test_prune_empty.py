"""`prune_empty_steps`: steps selecting nothing go, their dependents inherit their deps."""

from __future__ import annotations

from router.planner.optimize.prune_empty import prune_empty_steps
from tests.router.planner.optimize.steps import entity, ids, root


def test_nothing_to_prune_keeps_the_list() -> None:
    steps = [root(0, "a", "x"), entity(1, "b", ("p",), {0}, "y")]
    assert prune_empty_steps(steps) is steps


def test_empty_steps_are_dropped_and_deps_repointed_through_them() -> None:
    steps = [
        root(0, "a", "x"),
        entity(1, "b", ("p",), {0}),  # empty
        entity(2, "c", ("p",), {1}),  # empty, after an empty one
        entity(3, "d", ("p",), {2, 0}, "y"),
        entity(4, "e", ("p",), {3}, "z"),
    ]
    kept = prune_empty_steps(steps)
    assert ids(kept) == [0, 3, 4]
    assert kept[1].deps == {0}
    assert kept[2].deps == {3}


def test_a_step_with_only_empty_fragments_is_empty() -> None:
    step = entity(1, "b", ("p",), {0})
    step.selection.fragment("Other")
    assert ids(prune_empty_steps([root(0, "a", "x"), step])) == [0]
