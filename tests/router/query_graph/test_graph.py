"""`QueryGraph`: lookups over edges, jumps and runtime types."""

from __future__ import annotations

from router.query_graph import QueryGraph
from router.supergraph.fieldset import parse_field_set
from tests.router.conftest import federation
from tests.router.supergraphs import media, override, shop

VALUES = {
    "a": """
type Query { results: [Result!]! shapes: [Shape!]! }
union Result = Hit | Miss
type Hit { score: Int }
type Miss { reason: String }
interface Shape { area: Int }
type Square implements Shape { area: Int }
type Circle implements Shape @key(fields: "r") { r: Int area: Int }
""",
}


def test_resolves_a_plain_field() -> None:
    edge = shop().graph().resolves("pricing", "Product", "price", None)
    assert edge is not None and edge.subgraph == "pricing" and edge.name == "price"


def test_resolves_nothing_for_undeclared_fields() -> None:
    graph = shop().graph()
    assert graph.resolves("catalog", "Product", "price", None) is None


def test_external_fields_resolve_only_where_provided() -> None:
    graph = shop().graph()
    assert graph.resolves("catalog", "User", "nick", None) is None
    assert graph.resolves("catalog", "User", "nick", {"email": {}}) is None
    edge = graph.resolves("catalog", "User", "nick", {"nick": {}})
    assert edge is not None and edge.external


def test_external_fields_are_not_resolvable_for_keys_either() -> None:
    assert shop().graph().resolves("shipping", "Product", "price", None, for_key=True) is None


def test_key_only_fields_resolve_for_keys_or_where_provided() -> None:
    graph = override().graph()
    assert graph.resolves("legacy", "Product", "upc", None) is None
    assert graph.resolves("legacy", "Product", "upc", None, for_key=True) is not None
    assert graph.resolves("legacy", "Product", "upc", {"upc": {}}) is not None
    assert graph.resolves("modern", "Product", "upc", None) is not None


def test_edges_per_override_labels() -> None:
    fed = override()
    assert fed.graph().resolves("legacy", "Product", "color", None) is not None
    fancy = fed.graph(frozenset({"fancy"}))
    assert fancy.resolves("legacy", "Product", "color", None) is None
    assert fancy.resolves("modern", "Product", "color", None) is not None


def test_edges_with_requires() -> None:
    graph = shop().graph()
    found = graph.edges_with_requires("Product", "usCost")
    assert [(edge.subgraph, edge.name) for edge in found] == [("shipping", "usCost")]
    assert graph.edges_with_requires("Product", "name") == []
    assert graph.edges_with_requires("Product", "nope") == []


def test_jumps_are_memoized() -> None:
    graph = shop().graph()
    assert graph.jumps("Product") is graph.jumps("Product")
    assert [jump.subgraph for jump in graph.jumps("Product")] == [
        "catalog",
        "pricing",
        "pricing",
        "shipping",
    ]


def test_runtime_types_and_interface_objects() -> None:
    graph = media().graph()
    assert graph.runtime_types("media", "Media") == {"Book", "Movie"}
    assert graph.runtime_types("reviews", "Media") == {"Media"}
    assert graph.is_interface_object("reviews", "Media")
    assert not graph.is_interface_object("media", "Media")
    assert not graph.is_interface_object("media", "Nope")


def test_is_value_type() -> None:
    graph = federation(**VALUES).graph()
    assert graph.is_value_type("Hit")
    assert graph.is_value_type("Result")  # no member is an entity
    assert not graph.is_value_type("Circle")
    assert not graph.is_value_type("Shape")  # Circle is an entity
    assert shop().graph().is_value_type("Dims")
    assert not shop().graph().is_value_type("Product")
    assert not media().graph().is_value_type("Media")


def test_knows() -> None:
    graph = shop().graph()
    assert graph.knows("catalog", "User")
    assert not graph.knows("pricing", "User")


def test_field_set_on_an_object() -> None:
    graph = shop().graph()
    selection = parse_field_set("id owner { id }")
    normalized = graph.field_set("Product", selection)
    assert not normalized.abstract
    assert [f.name for f in normalized.fields] == ["id", "owner"]
    owner = normalized.fields[1].selection
    assert owner is not None and [f.name for f in owner.fields] == ["id"]
    assert graph.field_set("Product", selection) is normalized


def test_field_set_on_an_interface_stays_at_the_interface_level() -> None:
    graph = media().graph()
    (jump, *_rest) = graph.jumps("Media")
    normalized = graph.field_set("Media", jump.key)
    assert normalized.type_name == "Media"
    assert not normalized.abstract
    assert [(f.name, f.parent_type) for f in normalized.fields] == [("id", "Media")]


def test_query_graphs_are_independent_of_each_other() -> None:
    fed = override()
    assert QueryGraph(fed.supergraph, frozenset()).enabled_labels == frozenset()
    assert fed.graph().subgraph_order == {"legacy": 0, "modern": 1, "reviews": 2}
