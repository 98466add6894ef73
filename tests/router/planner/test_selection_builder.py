"""`SelectionBuilder`: selections built while planning, frozen for the receiving subgraph."""

from __future__ import annotations

from graphql import ArgumentNode, FieldNode, OperationDefinitionNode, build_schema, parse, validate

from router.normalize.inclusion import both, either, literal
from router.plan import FetchNode, PlanField, PlanFragment, Rename
from router.planner.selection_builder import (
    SelectionBuilder,
    internal_alias,
    print_arguments,
    render_compact,
)
from tests.router.conftest import federation

X, Y, Z = literal("x", True), literal("y", True), literal("z", True)
NOT_X, NOT_Y = literal("x", False), literal("y", False)

# In `s`, A.v is Int! but B.v is Int (the supergraph says Int for both: `t` has A.v: Int);
# likewise U1.v (below A.owner) and U2.v (below B.owner).
NULLABILITY_CONFLICT_S = """
type Query { items: [Item!]! }
interface Item { id: ID! }
type A implements Item @key(fields: "id") { id: ID! owner: U1 v: Int! @shareable }
type B implements Item { id: ID! owner: U2 v: Int }
type U1 @shareable { v: Int! }
type U2 { v: Int }
"""
NULLABILITY_CONFLICT = {
    "s": NULLABILITY_CONFLICT_S,
    "t": """
type Query { u1: U1 }
type U1 @shareable { v: Int }
type A @key(fields: "id") { id: ID! v: Int @shareable }
""",
}


def _arguments(text: str) -> tuple[ArgumentNode, ...]:
    operation = parse(f"{{ f{text} }}").definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    field = operation.selection_set.selections[0]
    assert isinstance(field, FieldNode) and field.arguments is not None
    return tuple(field.arguments)


def _s_operation(query: str) -> str:
    node = federation(**NULLABILITY_CONFLICT).plan(query).node
    assert isinstance(node, FetchNode)
    return node.operation


def _valid_in_s(operation: str) -> list[str]:
    plain = NULLABILITY_CONFLICT_S.replace("@shareable", "").replace('@key(fields: "id")', "")
    return [error.message for error in validate(build_schema(plain), parse(operation))]


def test_fields_merge_by_response_key() -> None:
    builder = SelectionBuilder("Query")
    first = builder.field("a", "a", type_text="Int")
    assert builder.field("a", "a", type_text="Int") is first
    assert builder.field("a", "b") is None  # another field at that key
    assert builder.field("a", "a", _arguments("(n: 1)")) is None  # other arguments
    assert list(builder.fields) == ["a"]


def test_merged_fields_or_their_inclusions() -> None:
    builder = SelectionBuilder("Query")
    builder.field("a", "a", inclusion=X)
    build = builder.field("a", "a", inclusion=Y)
    assert build is not None and build.inclusion == either(X, Y)
    assert builder.field("a", "a") is build and build.inclusion is None


def test_aliases_and_sub_builders() -> None:
    builder = SelectionBuilder("Query")
    build = builder.field("mine", "products", sub_type="Product")
    assert build is not None and build.alias == "mine"
    assert build.sub is not None and build.sub.type_name == "Product"
    leaf = builder.field("n", "n")
    assert leaf is not None and leaf.alias is None and leaf.sub is None


def test_typename_always_comes_first() -> None:
    builder = SelectionBuilder("Product")
    builder.field("id", "id")
    builder.typename()
    builder.typename()
    assert list(builder.fields) == ["__typename", "id"]


def test_fragments_are_created_on_demand_and_empty_ones_dropped() -> None:
    builder = SelectionBuilder("Media")
    assert builder.fragment("Book") is builder.fragment("Book")
    assert builder.is_empty()
    builder.fragment("Movie").field("title", "title")
    assert not builder.is_empty()
    assert builder.freeze() == (PlanFragment("Movie", (PlanField("title"),)),)


def test_a_composite_field_is_never_frozen_empty() -> None:
    builder = SelectionBuilder("Query")
    build = builder.field("product", "product", sub_type="Product")
    assert build is not None and build.sub is not None
    build.sub.fragment("Product")
    assert builder.freeze() == (PlanField("product", selections=(PlanField("__typename"),)),)


def test_freeze_prints_aliases_and_arguments() -> None:
    builder = SelectionBuilder("Query")
    builder.field("eur", "price", _arguments('(currency: "EUR", n: $n)'))
    (field,) = builder.freeze()
    assert field == PlanField("price", "eur", '(currency: "EUR", n: $n)')


def test_sibling_fields_whose_types_conflict_are_aliased_with_renames() -> None:
    builder = SelectionBuilder("Query")
    items = builder.field("items", "items", type_text="[Item]", sub_type="Item")
    assert items is not None and items.sub is not None
    items.sub.fragment("A").field("v", "v", type_text="Int!")
    items.sub.fragment("B").field("v", "v", type_text="Int")
    items.sub.fragment("B").field("_v1", "w", type_text="Int")  # the first alias is taken
    items.sub.fragment("C").field("v", "v", type_text="Int!")
    renames: list[Rename] = []
    frozen = builder.freeze(renames)
    assert render_compact(frozen) == "{items{...on A{v} ...on B{_v2:v _v1:w} ...on C{v}}}"
    assert renames == [Rename(("items",), "_v2", "v")]


def test_composite_siblings_conflict_only_on_their_wrappers() -> None:
    builder = SelectionBuilder("Item")
    for condition, type_text in (("A", "U1"), ("B", "U2"), ("C", "[U1]")):
        build = builder.fragment(condition).field("o", "o", type_text=type_text, sub_type="U")
        assert build is not None and build.sub is not None
        build.sub.field("id", "id", type_text="ID")
    renames: list[Rename] = []
    text = render_compact(builder.freeze(renames))
    assert text == "{...on A{o{id}} ...on B{o{id}} ...on C{_o1:o{id}}}"
    assert renames == [Rename((), "_o1", "o")]


def test_a_planned_query_aliases_the_conflicting_field() -> None:
    operation = _s_operation("{ items { ... on A { v } ... on B { v } } }")
    assert operation == "{items{__typename ...on A{v} ...on B{_v1:v}}}"
    assert _valid_in_s(operation) == []


def test_a_planned_query_aliases_conflicts_below_sibling_composite_fields() -> None:
    operation = _s_operation("{ items { ... on A { owner { v } } ... on B { owner { v } } } }")
    assert _valid_in_s(operation) == []


def test_inclusions_print_as_directives() -> None:
    builder = SelectionBuilder("Query")
    builder.field("a", "a", inclusion=X)
    builder.field("b", "b", inclusion=NOT_Y)
    builder.field("c", "c", inclusion=both(X, NOT_Y))
    assert render_compact(builder.freeze()) == (
        "{a @include(if:$x) b @skip(if:$y) c @include(if:$x) @skip(if:$y)}"
    )


def test_several_literals_of_one_kind_nest_in_directive_fragments() -> None:
    builder = SelectionBuilder("Query")
    builder.field("a", "a", inclusion=both(X, Y))
    builder.field("e", "e", inclusion=both(both(NOT_X, NOT_Y), Z))
    frozen = builder.freeze()
    assert frozen[0] == PlanFragment(
        "", (PlanField("a", directives="@include(if:$y)"),), "@include(if:$x)"
    )
    assert render_compact(frozen) == (
        "{... @include(if:$x){a @include(if:$y)} ... @skip(if:$x){e @include(if:$z) @skip(if:$y)}}"
    )


def test_each_alternative_prints_the_field_once() -> None:
    builder = SelectionBuilder("Query")
    builder.field("d", "d", inclusion=either(X, NOT_Y))
    assert render_compact(builder.freeze()) == "{d @include(if:$x) d @skip(if:$y)}"


def test_a_never_included_field_is_not_printed() -> None:
    builder = SelectionBuilder("Query")
    builder.field("a", "a", inclusion=both(X, NOT_X))
    builder.field("b", "b")
    assert render_compact(builder.freeze()) == "{b}"


def test_projection_reads_keys_and_sends_names() -> None:
    shape = SelectionBuilder("Product")
    shape.typename()
    shape.field("id", "id")
    price = shape.field("_fc_price_1", "price", sub_type="")
    assert price is not None and price.sub is not None
    price.sub.field("amount", "amount")
    shape.fragment("Book").field("isbn", "isbn")
    shape.fragment("Book").field("id", "id")
    assert shape.projection() == (
        ("__typename", "__typename", None, False),
        ("id", "id", None, False),
        ("_fc_price_1", "price", (("amount", "amount", None, False),), False),
        ("isbn", "isbn", None, True),
    )


def test_freeze_shape_uses_names_only() -> None:
    shape = SelectionBuilder("Product")
    shape.field("_fc_price_1", "price")
    shape.fragment("Book").field("isbn", "isbn")
    shape.fragment("Movie")
    assert shape.freeze_shape() == (
        PlanField("price"),
        PlanFragment("Book", (PlanField("isbn"),)),
    )


def test_variables_are_collected_from_arguments_and_directives() -> None:
    builder = SelectionBuilder("Query")
    build = builder.field("a", "a", _arguments("(n: $n, list: [$l], obj: {k: $k})"), sub_type="A")
    assert build is not None and build.sub is not None
    build.sub.fragment("B").field("b", "b", inclusion=both(X, NOT_Y))
    assert builder.variables(set()) == {"n", "l", "k", "x", "y"}


def test_internal_aliases_are_stable_per_arguments() -> None:
    eur = internal_alias("price", _arguments('(currency: "EUR")'))
    assert eur == internal_alias("price", _arguments('(currency: "EUR")'))
    assert eur != internal_alias("price", _arguments('(currency: "USD")'))
    assert eur.startswith("_fc_price_") and len(eur) == len("_fc_price_") + 8


def test_print_arguments() -> None:
    assert print_arguments(()) == ""
    assert print_arguments(_arguments("(a: 1, b: [x], c: $c)")) == "(a: 1, b: [x], c: $c)"
