"""`Search`: the cheapest resolution of every position (entries, jumps, requires, splits)."""

from __future__ import annotations

from router.planner.search import Search
from router.planner.tree import Cost
from tests.router.conftest import federation
from tests.router.planner.plans import (
    child_position,
    field_plan,
    placed,
    root_positions,
    segments,
)
from tests.router.supergraphs import MUTATIONS, override, shop

# An entity served at the root by two subgraphs, each with its own field.
SHARED_ENTITY = {
    "a": """
type Query { top: Product @shareable }
type Product @key(fields: "id") { id: ID! x: Int }
""",
    "b": """
type Query { top: Product @shareable }
type Product @key(fields: "id") { id: ID! y: Int }
""",
}


def test_a_query_is_one_root_position() -> None:
    (root,) = root_positions(shop(), "{ products { name } me { nick } }")
    assert segments(root) == [("catalog", "Query", "root"), ("users", "Query", "root")]
    assert placed(root) == {"products": ("catalog",), "me": ("users",)}


def test_introspection_root_fields_are_not_planned() -> None:
    assert root_positions(shop(), "{ __typename }") == []


def test_entries_serve_what_they_can_without_a_jump() -> None:
    (root,) = root_positions(shop(), "{ products { id name } }")
    products = child_position(root, "products")
    assert segments(products) == [("catalog", "Product", "entry")]
    assert placed(products) == {"id": ("catalog",), "name": ("catalog",)}
    assert products.cost == Cost(0, 0)


def test_a_jump_is_added_for_fields_the_entry_lacks() -> None:
    (root,) = root_positions(shop(), "{ products { name price } }")
    products = child_position(root, "products")
    assert segments(products) == [
        ("catalog", "Product", "entry"),
        ("pricing", "Product", "jump"),
    ]
    # `name` is shareable with pricing: the entry serves it, nothing waits for the jump
    assert placed(products) == {"name": ("catalog",), "price": ("pricing",)}
    assert products.order == (1,)
    condition = products.conditions[1]
    assert condition.jump.key_text == "id" and condition.key_names == ("id",)
    assert [(f.field.name, f.segments) for f in condition.fields] == [("id", (0,))]
    assert products.cost == Cost(fetches=1, hops=2)  # the key field, the waiting leaf


def test_the_first_key_whose_fields_are_reachable_is_used() -> None:
    (root,) = root_positions(override(), "{ products { stars } }")
    products = child_position(root, "products")
    assert segments(products) == [("legacy", "Product", "entry"), ("reviews", "Product", "jump")]
    condition = products.conditions[1]
    assert condition.jump.key_text == "upc"
    (upc,) = condition.fields
    assert upc.segments == (0,) and upc.edges[0].key_only  # legacy keeps it for its key


def test_an_overridden_field_is_fetched_from_the_overriding_subgraph() -> None:
    (root,) = root_positions(override(), "{ products { upc color } }")
    products = child_position(root, "products")
    assert placed(products) == {"upc": ("modern",), "color": ("legacy",)}
    (fancy,) = root_positions(override(), "{ products { color } }", frozenset({"fancy"}))
    assert placed(child_position(fancy, "products")) == {"color": ("modern",)}


def test_compatible_requirements_share_one_requires_segment() -> None:
    (root,) = root_positions(shop(), "{ products { euCost euTax } }")
    products = child_position(root, "products")
    assert segments(products) == [
        ("catalog", "Product", "entry"),
        ("pricing", "Product", "jump"),
        ("shipping", "Product", "requires"),
    ]
    assert placed(products) == {"euCost": ("shipping",), "euTax": ("shipping",)}
    # the requires segment waits for the price, fetched by the pricing jump first
    assert products.order == (1, 2)
    condition = products.conditions[2]
    assert condition.key_names == ("id",)
    assert {(f.field.name, f.segments) for f in condition.fields} == {
        ("id", (0,)),
        ("price", (1,)),
    }
    (price, *_rest) = [f for f in condition.fields if f.field.name == "price"]
    assert [a.name.value for a in price.field.arguments] == ["currency"]


def test_requirements_with_conflicting_arguments_get_separate_segments() -> None:
    (root,) = root_positions(shop(), "{ products { usCost euCost } }")
    products = child_position(root, "products")
    kinds = [how for _subgraph, _type, how in segments(products)]
    assert kinds.count("requires") == 2
    us, eu = field_plan(products, "usCost"), field_plan(products, "euCost")
    assert us.segments != eu.segments
    assert {products.segments[i].subgraph for i in (*us.segments, *eu.segments)} == {"shipping"}


def test_a_value_type_is_split_over_root_segments() -> None:
    (root,) = root_positions(shop(), "{ stats { count revenue } }")
    assert segments(root) == [("catalog", "Query", "root"), ("pricing", "Query", "root")]
    assert placed(root) == {"stats": ("catalog", "pricing")}
    stats = child_position(root, "stats")
    assert segments(stats) == [("catalog", "Stats", "entry"), ("pricing", "Stats", "entry")]
    assert placed(stats) == {"count": ("catalog",), "revenue": ("pricing",)}


def test_a_value_type_served_whole_is_not_split() -> None:
    (root,) = root_positions(shop(), "{ stats { count } }")
    assert placed(root) == {"stats": ("catalog",)}


def test_a_value_type_is_split_below_an_entity() -> None:
    (root,) = root_positions(shop(), "{ products { dims { w h } } }")
    products = child_position(root, "products")
    assert placed(products) == {"dims": ("catalog", "pricing")}
    dims = child_position(products, "dims")
    assert placed(dims) == {"w": ("catalog",), "h": ("pricing",)}


def test_an_entity_typed_root_field_is_not_split() -> None:
    (root,) = root_positions(federation(**SHARED_ENTITY), "{ top { x y } }")
    assert segments(root) == [("a", "Query", "root")]
    top = child_position(root, "top")
    assert segments(top) == [("a", "Product", "entry"), ("b", "Product", "jump")]
    assert placed(top) == {"x": ("a",), "y": ("b",)}


def test_mutation_fields_are_positions_in_order_preferring_the_previous_subgraph() -> None:
    fed = federation(**MUTATIONS)

    def subgraphs(query: str) -> list[list[str]]:
        return [[s.subgraph for s in p.segments] for p in root_positions(fed, query)]

    assert subgraphs("mutation { add log reset }") == [["a"], ["b"], ["a"]]
    assert subgraphs("mutation { log ping }") == [["b"], ["b"]]
    assert subgraphs("mutation { add ping }") == [["a"], ["a"]]


def test_positions_are_memoized_per_search() -> None:
    fed = shop()
    operation = fed.normalize("{ products { price } }")
    search = Search(fed.graph())
    (root,) = search.root(operation.root, "query")
    products = child_position(root, "products")
    (entry,) = products.segments[: products.entries]
    (field,) = products.fields
    fields = [field.field]
    again = search.object("Product", (entry,), fields)
    assert again is not None and again.cost == products.cost
    assert search.object("Product", (entry,), fields) is again  # memoized by the field list
