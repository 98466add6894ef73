"""`field_edges`: the fields each subgraph resolves on a type, and how."""

from __future__ import annotations

from graphql import FieldNode

from router.query_graph.field_edges import field_edges
from router.supergraph import load_supergraph
from tests.router.conftest import federation
from tests.router.supergraphs import override, shop


def test_every_declaring_subgraph_gets_its_own_edges() -> None:
    edges = field_edges(shop().supergraph, "Product", frozenset())
    assert set(edges) == {"catalog", "pricing", "shipping"}
    assert set(edges["catalog"]) == {"id", "name", "dims", "owner"}
    assert set(edges["pricing"]) == {"id", "sku", "name", "price", "dims"}
    edge = edges["pricing"]["sku"]
    assert (edge.subgraph, edge.parent, edge.name) == ("pricing", "Product", "sku")


def test_external_fields_keep_an_edge_marked_external() -> None:
    edges = field_edges(shop().supergraph, "Product", frozenset())
    assert edges["shipping"]["price"].external
    assert not edges["pricing"]["price"].external
    assert not edges["shipping"]["price"].key_only


def test_provides_become_a_tree_on_the_providing_edge() -> None:
    edges = field_edges(shop().supergraph, "Product", frozenset())
    assert edges["catalog"]["owner"].provides == {"nick": {}}
    assert edges["catalog"]["name"].provides is None


def test_requires_keep_their_field_set() -> None:
    edges = field_edges(shop().supergraph, "Product", frozenset())
    requires = edges["shipping"]["usCost"].requires
    assert requires is not None
    (selection,) = requires.selections
    assert isinstance(selection, FieldNode) and selection.name.value == "price"
    assert edges["shipping"]["id"].requires is None


def test_target_and_type_text_come_from_the_field_type() -> None:
    edges = field_edges(shop().supergraph, "Query", frozenset())
    products = edges["catalog"]["products"]
    assert (products.target, products.type_text) == ("Product", "[Product!]!")


def test_join_field_type_gives_each_subgraph_its_own_type_text() -> None:
    fed = federation(
        a="type Query { v: V @shareable }\ntype V @shareable { name: String }",
        b="type Query { v: V @shareable }\ntype V @shareable { name: String! }",
    )
    edges = field_edges(fed.supergraph, "V", frozenset())
    assert edges["a"]["name"].type_text == "String"
    assert edges["b"]["name"].type_text == "String!"
    assert edges["a"]["name"].target == edges["b"]["name"].target == "String"


def test_join_field_type_narrows_the_target() -> None:
    fed = federation(
        a="""
type Query { node: Node @shareable }
interface Node { id: ID! }
type Product implements Node @key(fields: "id") { id: ID! }
""",
        b="""
type Query { node: Product @shareable }
interface Node { id: ID! }
type Product implements Node @key(fields: "id") { id: ID! }
""",
    )
    # this composer leaves `type:` out even though b's type is narrower: write it in
    line = "  node: Node\n"
    assert line in fed.sdl
    narrowed = fed.sdl.replace(
        line, '  node: Node @join__field(graph: A) @join__field(graph: B, type: "Product!")\n'
    )
    supergraph, _links = load_supergraph(narrowed)
    edges = field_edges(supergraph, "Query", frozenset())
    assert (edges["a"]["node"].target, edges["a"]["node"].type_text) == ("Node", "Node")
    assert (edges["b"]["node"].target, edges["b"]["node"].type_text) == ("Product", "Product!")


def test_overridden_field_has_no_edge_in_the_overridden_subgraph() -> None:
    edges = field_edges(override().supergraph, "Product", frozenset())
    assert "price" not in edges["legacy"]
    assert not edges["modern"]["price"].key_only


def test_override_label_decides_which_side_resolves() -> None:
    supergraph = override().supergraph
    off = field_edges(supergraph, "Product", frozenset())
    assert "color" in off["legacy"] and "color" not in off["modern"]
    on = field_edges(supergraph, "Product", frozenset({"fancy"}))
    assert "color" in on["modern"] and "color" not in on["legacy"]
    other = field_edges(supergraph, "Product", frozenset({"unrelated"}))
    assert "color" in other["legacy"] and "color" not in other["modern"]


def test_used_overridden_field_stays_as_key_only() -> None:
    edges = field_edges(override().supergraph, "Product", frozenset({"fancy"}))
    assert edges["legacy"]["upc"].key_only
    assert not edges["modern"]["upc"].key_only
    assert not edges["reviews"]["upc"].key_only


def test_non_composite_types_have_no_edges() -> None:
    assert field_edges(shop().supergraph, "String", frozenset()) == {}
