"""`FetchGraph`: fetch steps and the index that lets requests for one place share a step."""

from __future__ import annotations

from router.planner.fetch_graph import FetchGraph

NONE: frozenset[tuple[str, bool]] = frozenset()


def test_root_steps() -> None:
    graph = FetchGraph()
    query = graph.root_step("a", "query")
    mutation = graph.root_step("b", "mutation")
    assert (query.id, query.subgraph, query.kind, query.entity) == (0, "a", "query", False)
    assert query.paths == [] and query.deps == set() and query.gate == frozenset()
    assert query.selection.type_name == "query"
    assert (mutation.id, mutation.kind, mutation.selection.type_name) == (1, "mutation", "mutation")
    assert graph.steps == [query, mutation]


def test_entity_steps_are_indexed_by_subgraph_path_and_deps() -> None:
    graph = FetchGraph()
    root = graph.root_step("a", "query")
    path = ("products", "@")
    step = graph.new_entity_step("b", path, frozenset({root.id}), NONE)
    assert (step.id, step.subgraph, step.kind, step.entity) == (1, "b", "query", True)
    assert step.paths == [path] and step.deps == {root.id}
    assert graph.entity_steps("b", path, frozenset({root.id}), NONE) == [step]
    assert graph.entity_steps("b", path, frozenset(), NONE) == []
    assert graph.entity_steps("c", path, frozenset({root.id}), NONE) == []
    assert graph.entity_steps("b", ("products",), frozenset({root.id}), NONE) == []


def test_several_steps_can_share_an_index_entry() -> None:
    graph = FetchGraph()
    first = graph.new_entity_step("b", ("p",), frozenset(), NONE)
    second = graph.new_entity_step("b", ("p",), frozenset(), NONE)
    assert graph.entity_steps("b", ("p",), frozenset(), NONE) == [first, second]
    first.deps.add(7)  # a step's own deps are a copy
    assert second.deps == set()


def test_steps_waiting_for_other_conditions_do_not_share_an_entry() -> None:
    graph = FetchGraph()
    gated = graph.new_entity_step("b", ("p",), frozenset(), frozenset({("x", True)}))
    assert graph.entity_steps("b", ("p",), frozenset(), NONE) == []
    assert graph.entity_steps("b", ("p",), frozenset(), frozenset({("x", True)})) == [gated]
