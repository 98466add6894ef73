"""`collect_fields`: fragments flattened where they apply, fields grouped by response key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode, parse

from router.normalize.collect_fields import Occurrence, collect_fields, fragment_applies
from router.normalize.inclusion import both, literal
from tests.router.normalize.schema import SCHEMA


def _collect(
    concrete: str, query: str, variables: Mapping[str, Any] | None = None
) -> dict[str, list[Occurrence]]:
    document = parse(query)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    (media,) = operation.selection_set.selections
    selection_set = getattr(media, "selection_set", None)
    assert isinstance(selection_set, SelectionSetNode)
    return collect_fields(SCHEMA, concrete, [(selection_set, None)], fragments, variables)


def _inclusions(grouped: dict[str, list[Occurrence]]) -> dict[str, list[object]]:
    return {key: [inclusion for _node, inclusion in found] for key, found in grouped.items()}


def test_fragment_applies() -> None:
    assert fragment_applies(SCHEMA, None, "Book")
    assert fragment_applies(SCHEMA, "Book", "Book")
    assert fragment_applies(SCHEMA, "Media", "Book")
    assert fragment_applies(SCHEMA, "Result", "Movie")
    assert not fragment_applies(SCHEMA, "Movie", "Book")
    assert not fragment_applies(SCHEMA, "Book", "Media")  # an object fragment on the interface
    assert not fragment_applies(SCHEMA, "Nope", "Book")


def test_a_fragment_on_an_implemented_interface_applies_to_the_interface() -> None:
    assert fragment_applies(SCHEMA, "Node", "Book")
    assert fragment_applies(SCHEMA, "Node", "Media")  # Media implements Node


def test_fields_are_grouped_by_response_key_in_order() -> None:
    grouped = _collect("Book", "{ media { title id t: title title } }")
    assert list(grouped) == ["title", "id", "t"]
    assert len(grouped["title"]) == 2


def test_only_fragments_that_apply_are_walked() -> None:
    query = """
    { media { id ... on Book { author } ... on Movie { director } ...M } }
    fragment M on Media { title }
    """
    assert list(_collect("Book", query)) == ["id", "author", "title"]
    assert list(_collect("Movie", query)) == ["id", "director", "title"]
    assert list(_collect("Media", query)) == ["id", "title"]


def test_literal_exclusions_drop_the_selection() -> None:
    grouped = _collect("Book", "{ media { id @skip(if: true) ... @include(if: false) { title } } }")
    assert grouped == {}


def test_variable_conditions_are_kept_without_values() -> None:
    query = "query($a: Boolean!) { media { id @include(if: $a) title } }"
    assert _inclusions(_collect("Book", query)) == {"id": [literal("a", True)], "title": [None]}


def test_variable_conditions_are_applied_with_values() -> None:
    query = "query($a: Boolean!) { media { id @include(if: $a) title } }"
    assert _inclusions(_collect("Book", query, {"a": False})) == {"title": [None]}
    assert _inclusions(_collect("Book", query, {"a": True})) == {"id": [None], "title": [None]}


def test_a_fragments_condition_is_inherited_and_conjoined() -> None:
    query = """
    query($a: Boolean!, $b: Boolean!) {
      media { ... on Book @include(if: $a) { author @skip(if: $b) } ...F @skip(if: $a) }
    }
    fragment F on Media { title }
    """
    assert _inclusions(_collect("Book", query)) == {
        "author": [both(literal("a", True), literal("b", False))],
        "title": [literal("a", False)],
    }


def test_selections_no_values_include_are_dropped() -> None:
    query = """
    query($a: Boolean!) {
      media {
        id @include(if: $a) @skip(if: $a)
        ... on Book @include(if: $a) { author @skip(if: $a) title }
        ... @skip(if: $a) @include(if: $a) { pages }
      }
    }
    """
    assert _inclusions(_collect("Book", query)) == {"title": [literal("a", True)]}
