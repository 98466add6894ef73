"""`selections_conflict`: whether one representation can carry two field sets."""

from __future__ import annotations

import pytest

from router.normalize import NSelection, normalize_field_set
from router.planner.search.conflicts import selections_conflict
from router.supergraph.fieldset import parse_field_set
from tests.router.normalize.schema import SCHEMA


def _on(type_name: str, field_set: str) -> NSelection:
    return normalize_field_set(SCHEMA, type_name, parse_field_set(field_set))


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("pages(min: 1)", "pages(min: 1)"),
        ("id", "title"),
        ("id pages(min: 1)", "title"),
        ("owner { name }", "owner { nick }"),
        ("p: pages(min: 1)", "pages(min: 2)"),
    ],
)
def test_compatible_field_sets(left: str, right: str) -> None:
    assert not selections_conflict(_on("Book", left), _on("Book", right))
    assert not selections_conflict(_on("Book", right), _on("Book", left))


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("pages(min: 1)", "pages(min: 2)"),
        ("pages(min: 1)", "pages"),
        ("x: title", "x: author"),
        ("id pages(min: 1)", "title pages(min: 3)"),
    ],
)
def test_the_same_key_with_other_arguments_or_fields_conflicts(left: str, right: str) -> None:
    assert selections_conflict(_on("Book", left), _on("Book", right))
    assert selections_conflict(_on("Book", right), _on("Book", left))


def test_conflicts_below_are_found() -> None:
    left = normalize_field_set(SCHEMA, "Query", parse_field_set("book { pages(min: 1) }"))
    right = normalize_field_set(SCHEMA, "Query", parse_field_set("book { pages(min: 2) }"))
    same = normalize_field_set(SCHEMA, "Query", parse_field_set("book { pages(min: 1) id }"))
    assert selections_conflict(left, right)
    assert not selections_conflict(left, same)


def test_abstract_field_sets_compare_per_type() -> None:
    book = _on("Result", "... on Book { pages(min: 1) }")
    other_book = _on("Result", "... on Book { pages(min: 2) }")
    movie = _on("Result", "... on Movie { id }")
    assert selections_conflict(book, other_book)
    assert not selections_conflict(book, movie)
    assert selections_conflict(book, _on("Book", "pages(min: 5)"))
    assert not selections_conflict(book, _on("Book", "pages(min: 1)"))
