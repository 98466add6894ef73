"""`uniform_fields`: the interface-level fields when every object type selects the same."""

from __future__ import annotations

from router.normalize import NSelection
from router.normalize.uniform import uniform_fields
from tests.router.normalize.schema import normalized


def _media(query: str) -> NSelection:
    (field,) = normalized(query).root.fields
    assert field.selection is not None
    return field.selection


def test_same_fields_everywhere_are_uniform() -> None:
    selection = _media("{ media { id title owner { name } } }")
    found = uniform_fields(selection)
    assert found is not None and found is selection.interface_fields
    assert [f.name for f in found] == ["id", "title", "owner"]


def test_fragments_on_the_interface_stay_uniform() -> None:
    assert uniform_fields(_media("{ media { ... on Media { id } } }")) is not None


def test_a_type_selecting_more_is_not_uniform() -> None:
    assert uniform_fields(_media("{ media { id ... on Book { author } } }")) is None


def test_a_type_selecting_more_below_is_not_uniform() -> None:
    query = "{ media { owner { name } ... on Movie { owner { nick } } } }"
    assert uniform_fields(_media(query)) is None


def test_typename_is_never_uniform() -> None:
    assert uniform_fields(_media("{ media { __typename id } }")) is None


def test_unions_are_never_uniform() -> None:
    assert uniform_fields(_media("{ results { ... on Book { id } } }")) is None
