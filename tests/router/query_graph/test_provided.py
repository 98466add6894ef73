"""`provided_tree` / `provided_for_type`: @provides as a tree of field names."""

from __future__ import annotations

from router.query_graph.provided import provided_for_type, provided_tree
from router.supergraph.fieldset import parse_field_set
from tests.router.conftest import federation

# feed provides the owner's boss's nick and email in two parts of one @provides.
SPLIT_PROVIDES = {
    "feed": """
type Query { top: Product @provides(fields: "owner { boss { nick } } owner { boss { email } }") }
type Product @key(fields: "id") { id: ID! owner: User @shareable }
type User @key(fields: "id") {
  id: ID!
  boss: User @external
  nick: String @external
  email: String @external
}
""",
    "users": """
type Product @key(fields: "id") { id: ID! owner: User @shareable }
type User @key(fields: "id") { id: ID! boss: User nick: String email: String }
""",
}


def test_nested_fields_become_subtrees() -> None:
    tree = provided_tree(parse_field_set("name owner { nick address { city } }"))
    assert tree == {"name": {}, "owner": {"nick": {}, "address": {"city": {}}}}


def test_repeated_fields_merge() -> None:
    tree = provided_tree(parse_field_set("owner { nick } owner { email }"))
    assert tree == {"owner": {"nick": {}, "email": {}}}


def test_repeated_fields_merge_at_every_depth() -> None:
    tree = provided_tree(parse_field_set("owner { a { x } } owner { a { y } }"))
    assert tree == {"owner": {"a": {"x": {}, "y": {}}}}


def test_a_provides_split_over_occurrences_needs_no_jump() -> None:
    plan = federation(**SPLIT_PROVIDES).plan("{ top { owner { boss { nick email } } } }")
    assert 'Fetch(service: "users")' not in plan.pretty()


def test_type_conditions_are_kept_apart() -> None:
    tree = provided_tree(
        parse_field_set("id ... on Photo { caption } ... on Clip { author { a } }")
    )
    assert tree == {
        "id": {},
        "... on Photo": {"caption": {}},
        "... on Clip": {"author": {"a": {}}},
    }


def test_fragment_without_condition_is_flattened() -> None:
    assert provided_tree(parse_field_set("... { caption }")) == {"caption": {}}


def test_equal_field_sets_give_the_same_tree_object() -> None:
    assert provided_tree(parse_field_set("a b")) is provided_tree(parse_field_set("a b"))


def test_provided_for_type_adds_that_types_fields() -> None:
    tree = provided_tree(parse_field_set("id ... on Photo { caption } ... on Clip { length }"))
    photo = provided_for_type(tree, "Photo")
    assert photo is not None
    assert "caption" in photo and "id" in photo and "length" not in photo


def test_provided_for_type_merges_nested_fields() -> None:
    tree = provided_tree(parse_field_set("owner { nick } ... on Photo { owner { email } }"))
    photo = provided_for_type(tree, "Photo")
    assert photo is not None and photo["owner"] == {"nick": {}, "email": {}}


def test_provided_for_type_without_condition_is_the_tree_itself() -> None:
    tree = provided_tree(parse_field_set("id"))
    assert provided_for_type(tree, "Photo") is tree
    assert provided_for_type(None, "Photo") is None
