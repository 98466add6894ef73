"""`normalize_operation` / `normalize_field_set`: the normalized selection trees."""

from __future__ import annotations

from graphql import GraphQLSchema

from router.normalize import NField, NSelection, normalize_field_set
from router.normalize.inclusion import Inclusion, either, literal
from router.supergraph.fieldset import parse_field_set
from tests.router.conftest import federation
from tests.router.normalize.schema import SCHEMA, normalized

X = literal("x", True)
Y = literal("y", True)
VARIABLES = "query($x: Boolean!, $y: Boolean!)"
ONLY_X = "query($x: Boolean!)"


def _field(selection: NSelection, key: str) -> NField:
    return next(f for f in selection.fields if f.response_key == key)


def _child(field: NField, key: str) -> NField:
    assert field.selection is not None
    return _field(field.selection, key)


def _inclusions(field: NField) -> dict[str, Inclusion]:
    assert field.selection is not None
    return {child.response_key: child.inclusion for child in field.selection.fields}


def test_inclusions_are_kept_when_variables_are_none() -> None:
    root = normalized(f"{ONLY_X} {{ book {{ author @include(if: $x) title }} }}").root
    assert _inclusions(_field(root, "book")) == {"author": X, "title": None}


def test_inclusions_are_decided_when_variables_are_given() -> None:
    query = f"{ONLY_X} {{ book {{ author @include(if: $x) title }} }}"
    excluded = normalized(query, {"x": False}).root
    assert _inclusions(_field(excluded, "book")) == {"title": None}
    included = normalized(query, {"x": True}).root
    assert _inclusions(_field(included, "book")) == {"author": None, "title": None}


def test_a_field_no_values_include_is_not_selected() -> None:
    root = normalized(f"{ONLY_X} {{ book {{ title @include(if: $x) @skip(if: $x) id }} }}").root
    assert _inclusions(_field(root, "book")) == {"id": None}


def test_occurrences_merge_their_inclusions_by_or() -> None:
    root = normalized(
        f"{VARIABLES} {{ a: book @include(if: $x) {{ id }} a: book @include(if: $y) {{ id }}"
        " b: book @include(if: $x) { id } b: book { id } }"
    ).root
    assert _field(root, "a").inclusion == either(X, Y)
    assert _field(root, "b").inclusion is None


def test_children_inherit_the_condition_of_their_occurrence() -> None:
    root = normalized(
        f"{VARIABLES} {{ book @include(if: $x) {{ author }} book {{ title }}"
        " other: book @include(if: $x) { author } other: book @include(if: $y) { title } }"
    ).root
    assert _inclusions(_field(root, "book")) == {"author": X, "title": None}
    assert _inclusions(_field(root, "other")) == {"author": X, "title": Y}


def test_children_of_an_occurrence_with_the_merged_condition_need_none() -> None:
    root = normalized(
        f"{ONLY_X} {{ book @include(if: $x) {{ author }} book @include(if: $x) {{ title }} }}"
    ).root
    book = _field(root, "book")
    assert book.inclusion == X
    assert _inclusions(book) == {"author": None, "title": None}


def test_abstract_selections_are_split_per_possible_type() -> None:
    root = normalized("{ media { id ... on Book { author } ... on Movie { director } } }").root
    media = _field(root, "media").selection
    assert media is not None and media.abstract and media.type_name == "Media"
    assert {name: [f.name for f in fields] for name, fields in media.by_type.items()} == {
        "Book": ["id", "author"],
        "Movie": ["id", "director"],
    }
    assert media.fields_for("Book") is media.by_type["Book"]
    assert media.fields_for("Nope") is None


def test_interface_selections_keep_the_interface_level_fields() -> None:
    root = normalized("{ media { id ... on Book { author } owner { name } } }").root
    media = _field(root, "media").selection
    assert media is not None and media.interface_fields is not None
    assert [(f.name, f.parent_type) for f in media.interface_fields] == [
        ("id", "Media"),
        ("owner", "Media"),
    ]


def test_interface_fields_include_fragments_on_implemented_interfaces() -> None:
    root = normalized("{ media { ... on Node { id } title } }").root
    media = _field(root, "media").selection
    assert media is not None and media.interface_fields is not None
    assert [f.name for f in media.interface_fields] == ["id", "title"]


def test_union_selections_have_no_interface_fields() -> None:
    root = normalized("{ results { ... on Book { id } } }").root
    results = _field(root, "results").selection
    assert results is not None and results.interface_fields is None
    assert results.by_type == {"Book": results.by_type["Book"], "Movie": []}


def test_field_details() -> None:
    root = normalized("{ grid b: book { pages(min: 3) t: __typename } }").root
    grid = _field(root, "grid")
    assert grid.non_null == (True, False, True) and grid.list_depth == 2
    assert grid.selection is None and grid.alias is None
    book = _field(root, "b")
    assert (book.alias, book.name, book.parent_type, book.named_type) == (
        "b",
        "book",
        "Query",
        "Book",
    )
    pages = _child(book, "pages")
    assert [a.name.value for a in pages.arguments] == ["min"]
    typename = _child(book, "t")
    assert (typename.name, typename.named_type, typename.non_null) == (
        "__typename",
        "String",
        (True,),
    )


def test_enum_values_are_those_of_the_schema() -> None:
    root = normalized("{ color colors book { title } }").root
    assert _field(root, "color").enum_values == frozenset({"RED", "GREEN"})
    assert _field(root, "colors").enum_values == frozenset({"RED", "GREEN"})
    assert _field(root, "book").enum_values is None


def test_enum_values_leave_inaccessible_ones_out() -> None:
    fed = federation(a="type Query { color: Color }\nenum Color { RED GREEN SECRET @inaccessible }")
    root = fed.normalize("{ color }").root
    assert _field(root, "color").enum_values == frozenset({"RED", "GREEN"})


def test_field_sets_on_objects() -> None:
    selection = normalize_field_set(SCHEMA, "Book", parse_field_set("id owner { name }"))
    assert not selection.abstract and selection.type_name == "Book"
    assert [f.name for f in selection.fields] == ["id", "owner"]


def test_field_sets_on_interfaces_stay_at_the_interface_level() -> None:
    selection = normalize_field_set(SCHEMA, "Media", parse_field_set("id owner { nick }"))
    assert not selection.abstract and selection.type_name == "Media"
    assert [(f.name, f.parent_type) for f in selection.fields] == [
        ("id", "Media"),
        ("owner", "Media"),
    ]


def test_field_sets_on_unions_are_split() -> None:
    schema: GraphQLSchema = SCHEMA
    selection = normalize_field_set(schema, "Result", parse_field_set("... on Book { id }"))
    assert selection.abstract
    assert [f.name for f in selection.by_type["Book"]] == ["id"]


def test_mutation_and_names() -> None:
    operation = normalized("query Named { book { id } }")
    assert (operation.kind, operation.name, operation.root.type_name) == (
        "query",
        "Named",
        "Query",
    )
