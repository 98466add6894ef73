"""`inclusion_of`: when @skip/@include include a field, for given variables or for any."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import FieldNode, OperationDefinitionNode, parse

from router.normalize.inclusion import NEVER, both, literal
from router.normalize.skip_include import (
    EXCLUDED,
    conditional_variables,
    inclusion_of,
    is_included,
)


def _field(directives: str) -> FieldNode:
    document = parse(f"query($a: Boolean!, $b: Boolean!) {{ f {directives} }}")
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    field = operation.selection_set.selections[0]
    assert isinstance(field, FieldNode)
    return field


@pytest.mark.parametrize("variables", [None, {}, {"a": True}])
@pytest.mark.parametrize(
    ("directives", "excluded"),
    [
        ("", False),
        ("@skip(if: true)", True),
        ("@skip(if: false)", False),
        ("@include(if: true)", False),
        ("@include(if: false)", True),
        ("@include(if: true) @skip(if: true)", True),
    ],
)
def test_literal_conditions_are_decided(
    directives: str, excluded: bool, variables: dict[str, Any] | None
) -> None:
    found = inclusion_of(_field(directives), variables)
    assert (found is EXCLUDED) is excluded
    if not excluded:
        assert found is None


def test_variables_are_kept_without_values() -> None:
    assert inclusion_of(_field("@include(if: $a)"), None) == literal("a", True)
    assert inclusion_of(_field("@skip(if: $a)"), None) == literal("a", False)


def test_both_directives_make_one_term() -> None:
    found = inclusion_of(_field("@include(if: $a) @skip(if: $b)"), None)
    assert found == both(literal("a", True), literal("b", False))


def test_a_contradiction_is_never_included() -> None:
    assert inclusion_of(_field("@include(if: $a) @skip(if: $a)"), None) == NEVER


def test_a_literal_exclusion_wins_over_variables() -> None:
    assert inclusion_of(_field("@include(if: $a) @skip(if: true)"), None) is EXCLUDED


@pytest.mark.parametrize(
    ("directives", "variables", "included"),
    [
        ("@include(if: $a)", {"a": True}, True),
        ("@include(if: $a)", {"a": False}, False),
        ("@include(if: $a)", {}, False),
        ("@skip(if: $a)", {"a": True}, False),
        ("@skip(if: $a)", {"a": False}, True),
        ("@skip(if: $a)", {}, True),
        ("@include(if: $a) @skip(if: $b)", {"a": True, "b": False}, True),
        ("@include(if: $a) @skip(if: $b)", {"a": True, "b": True}, False),
    ],
)
def test_variables_are_decided_with_values(
    directives: str, variables: dict[str, Any], included: bool
) -> None:
    found = inclusion_of(_field(directives), variables)
    assert found is (None if included else EXCLUDED)
    assert is_included(_field(directives), variables) is included


def test_other_directives_are_ignored() -> None:
    assert inclusion_of(_field("@deprecated"), None) is None


def test_conditional_variables_are_found_at_every_depth() -> None:
    document = parse(
        "query($z: Boolean!, $a: Boolean!, $n: Int) { x(n: $n) @skip(if: $z)"
        " ... @include(if: $a) { y { w @include(if: $z) } } }"
    )
    assert conditional_variables(document) == ("a", "z")
