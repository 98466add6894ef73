"""`build_plan_nodes`: steps nested into Sequence / Parallel nodes after their deps."""

from __future__ import annotations

from router.plan import FetchNode, ParallelNode, PlanNode, SequenceNode
from router.planner.fetch_graph import FetchStep, PlanStep
from router.planner.plan_nodes import build_plan_nodes
from tests.router.planner.optimize.steps import entity, root


def _fetch(step_id: int) -> FetchNode:
    return FetchNode(str(step_id), f"#{step_id}", "query", None, (), ())


def _shape(node: PlanNode | None) -> object:
    """Fetch -> its id; Sequence -> list; Parallel -> set-like tuple tagged "P"."""
    if isinstance(node, FetchNode):
        return int(node.service_name)
    if isinstance(node, SequenceNode):
        return [_shape(child) for child in node.nodes]
    assert isinstance(node, ParallelNode)
    return ("P", *(_shape(child) for child in node.nodes))


def _plan(steps: list[FetchStep], kind: str = "query") -> object:
    units: list[PlanStep] = list(steps)
    nodes: dict[int, PlanNode] = {step.id: _fetch(step.id) for step in steps}
    return _shape(build_plan_nodes(units, nodes, kind).node)


def test_no_steps_is_an_empty_plan() -> None:
    assert build_plan_nodes([], {}, "query").node is None


def test_a_single_step_is_its_node() -> None:
    assert _plan([root(0, "a", "x")]) == 0


def test_root_steps_run_in_parallel() -> None:
    assert _plan([root(0, "a", "x"), root(1, "b", "y")]) == ("P", 0, 1)


def test_mutation_root_steps_run_in_sequence() -> None:
    steps = [root(0, "a", "x", kind="mutation"), root(1, "b", "y", kind="mutation")]
    assert _plan(steps, "mutation") == [0, 1]


def test_a_chain_is_one_flat_sequence() -> None:
    steps = [root(0, "a", "x"), entity(1, "b", ("p",), {0}, "y"), entity(2, "c", ("p",), {1}, "z")]
    assert _plan(steps) == [0, 1, 2]


def test_steps_after_one_step_run_in_parallel_below_it() -> None:
    steps = [root(0, "a", "x"), entity(1, "b", ("p",), {0}, "y"), entity(2, "c", ("p",), {0}, "z")]
    assert _plan(steps) == [0, ("P", 1, 2)]


def test_a_step_goes_below_its_deepest_dependency_when_the_others_are_above() -> None:
    steps = [
        root(0, "a", "x"),
        entity(1, "b", ("p",), {0}, "y"),
        entity(2, "c", ("p",), {0, 1}, "z"),
    ]
    assert _plan(steps) == [0, 1, 2]


def test_a_step_waiting_on_two_branches_runs_after_both() -> None:
    steps = [
        root(0, "a", "x"),
        entity(1, "b", ("p",), {0}, "y"),
        entity(2, "c", ("p",), {0}, "z"),
        entity(3, "d", ("p",), {1, 2}, "w"),
    ]
    assert _plan(steps) == [0, ("P", 1, 2), 3]


def test_a_step_waiting_on_two_root_steps_runs_after_all_roots() -> None:
    steps = [
        root(0, "a", "x"),
        root(1, "b", "y"),
        entity(2, "c", ("p",), {0}, "z"),
        entity(3, "d", ("p",), {0, 1}, "w"),
    ]
    assert _plan(steps) == [("P", [0, 2], 1), 3]


def test_waiting_steps_form_waves() -> None:
    steps = [
        root(0, "a", "x"),
        root(1, "b", "y"),
        entity(2, "c", ("p",), {0, 1}, "z"),
        entity(3, "d", ("p",), {0, 1}, "w"),
        entity(4, "e", ("p",), {2, 1}, "v"),
    ]
    assert _plan(steps) == [("P", 0, 1), ("P", 2, 3), 4]
