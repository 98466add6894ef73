"""`Placement`: the segments of one position, and the requires segments it adds."""

from __future__ import annotations

from graphql import SelectionSetNode

from router.normalize import NSelection, normalize_field_set
from router.planner.search.placement import Placement
from router.planner.tree import Segment
from router.supergraph.fieldset import parse_field_set
from tests.router.supergraphs import shop


def _required(field_set: str) -> tuple[SelectionSetNode, NSelection]:
    node = parse_field_set(field_set)
    return node, normalize_field_set(shop().supergraph.schema, "Product", node)


def _placement() -> Placement:
    entry = Segment("catalog", "Product")
    return Placement("Product", [entry], 1, frozenset({("catalog", "Product")}))


def test_entries_start_resolved() -> None:
    placement = _placement()
    assert placement.resolved == {0}
    assert placement.order == [] and placement.conditions == {} and placement.requires == {}


def test_a_new_requirement_gets_its_own_requires_segment() -> None:
    placement = _placement()
    jumps = shop().graph().jumps("Product")[-1:]
    index = placement.add_requires("shipping", "Product", jumps, _required("price"), None)
    assert index == 1
    segment = placement.segments[1]
    assert (segment.subgraph, segment.type_in_graph, segment.requires) == (
        "shipping",
        "Product",
        True,
    )
    assert segment.jumps == jumps
    assert [node for node, _ in placement.requires[1]] == [parse_field_set("price")]


def test_compatible_requirements_join_an_unresolved_segment() -> None:
    placement = _placement()
    placement.add_requires("shipping", "Product", (), _required('price(currency: "EUR")'), None)
    required = _required('price(currency: "EUR") name')
    join = placement.joinable_requires("shipping", "Product", required[1])
    assert join == 1
    assert placement.add_requires("shipping", "Product", (), required, join) == 1
    assert len(placement.segments) == 2 and len(placement.requires[1]) == 2


def test_conflicting_arguments_do_not_join() -> None:
    placement = _placement()
    placement.add_requires("shipping", "Product", (), _required('price(currency: "EUR")'), None)
    other = _required('price(currency: "USD")')
    assert placement.joinable_requires("shipping", "Product", other[1]) is None


def test_only_unresolved_segments_of_that_subgraph_and_type_join() -> None:
    placement = _placement()
    placement.add_requires("shipping", "Product", (), _required("price"), None)
    required = _required("name")[1]
    assert placement.joinable_requires("pricing", "Product", required) is None
    assert placement.joinable_requires("shipping", "Item", required) is None
    placement.resolved.add(1)
    assert placement.joinable_requires("shipping", "Product", required) is None
