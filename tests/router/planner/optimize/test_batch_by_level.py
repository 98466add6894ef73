"""`batch_entity_steps`: entity steps of one level to one subgraph travel together."""

from __future__ import annotations

from router.planner.fetch_graph import FetchStep, PlanStep, StepBatch
from router.planner.optimize.batch_by_level import batch_entity_steps
from tests.router.planner.optimize.steps import entity, root


def _units(units: list[PlanStep]) -> list[tuple[str, int, list[int]]]:
    return [
        (
            "batch" if isinstance(unit, StepBatch) else "step",
            unit.id,
            [s.id for s in unit.steps] if isinstance(unit, StepBatch) else [],
        )
        for unit in units
    ]


def test_steps_of_one_level_to_one_subgraph_batch() -> None:
    steps = [
        root(0, "a", "x"),
        root(1, "b", "y"),
        entity(2, "c", ("x",), {0}, "price"),
        entity(3, "c", ("y",), {1}, "stock"),
        entity(4, "d", ("x",), {3}, "w"),
    ]
    units = batch_entity_steps(steps, "query")
    assert _units(units) == [
        ("step", 0, []),
        ("step", 1, []),
        ("batch", 2, [2, 3]),
        ("step", 4, []),
    ]
    batch = units[2]
    assert isinstance(batch, StepBatch)
    assert batch.subgraph == "c" and batch.deps == {0, 1}
    after = units[3]
    assert isinstance(after, FetchStep) and after.deps == {2}  # repointed to the batch


def test_a_lone_step_is_not_batched() -> None:
    steps = [root(0, "a", "x"), entity(1, "c", ("x",), {0}, "price")]
    units = batch_entity_steps(steps, "query")
    assert _units(units) == [("step", 0, []), ("step", 1, [])]


def test_steps_of_other_levels_are_not_batched() -> None:
    steps = [
        root(0, "a", "x"),
        entity(1, "c", ("x",), {0}, "price"),
        entity(2, "d", ("x",), {1}, "w"),
        entity(3, "c", ("x",), {2}, "stock"),
    ]
    assert [kind for kind, _, _ in _units(batch_entity_steps(steps, "query"))] == ["step"] * 4


def test_root_steps_are_never_batched() -> None:
    steps = [root(0, "a", "x"), root(1, "a", "y")]
    assert _units(batch_entity_steps(steps, "query")) == [("step", 0, []), ("step", 1, [])]


def test_mutation_steps_batch_only_within_one_root_field() -> None:
    steps = [
        root(0, "a", "x", kind="mutation"),
        root(1, "b", "y", kind="mutation"),
        entity(2, "c", ("x",), {0}, "price"),
        entity(3, "c", ("y",), {1}, "stock"),
    ]
    assert [kind for kind, _, _ in _units(batch_entity_steps(steps, "mutation"))] == ["step"] * 4


def test_steps_behind_other_conditions_are_not_batched() -> None:
    steps = [
        root(0, "a", "x"),
        entity(1, "c", ("x",), {0}, "price"),
        entity(2, "c", ("x",), {0}, "stock"),
    ]
    steps[1].gate = frozenset({("v", True)})
    assert [kind for kind, _, _ in _units(batch_entity_steps(steps, "query"))] == ["step"] * 3
    steps[2].gate = frozenset({("v", True)})
    assert _units(batch_entity_steps(steps, "query"))[1] == ("batch", 1, [1, 2])
