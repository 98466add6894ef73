"""`shape_response`: the client's data from merged subgraph data."""

from __future__ import annotations

from typing import Any

from router.response.shaping import shape_response
from tests.router.normalize.schema import normalized

CODE = {"code": "INTERNAL_SERVER_ERROR"}


def _shape(query: str, data: dict[str, Any]) -> tuple[Any, list[dict[str, Any]]]:
    errors: list[dict[str, Any]] = []
    return shape_response(data, normalized(query).root, errors), errors


def _enum_error(value: str, path: list[str | int]) -> dict[str, Any]:
    message = f'Enum "Color" cannot represent value: {value}'
    return {"message": message, "path": path, "extensions": CODE}


def test_fields_follow_the_operation_and_internal_fields_are_dropped() -> None:
    data = {"b": {"title": "t", "_fc_id_1": "x", "id": "1", "__typename": "Book"}, "extra": 1}
    assert _shape("{ b: book { title kind: __typename } }", data) == (
        {"b": {"title": "t", "kind": "Book"}},
        [],
    )


def test_valid_enum_values_pass() -> None:
    assert _shape("{ color colors }", {"color": "RED", "colors": ["GREEN"]}) == (
        {"color": "RED", "colors": ["GREEN"]},
        [],
    )


def test_an_invalid_enum_value_is_null_with_an_error_at_its_path() -> None:
    assert _shape("{ color }", {"color": "SECRET"}) == (
        {"color": None},
        [_enum_error('"SECRET"', ["color"])],
    )


def test_a_non_string_enum_value_is_invalid() -> None:
    assert _shape("{ color }", {"color": 1}) == ({"color": None}, [_enum_error("1", ["color"])])


def test_an_invalid_non_null_enum_bubbles_to_the_nullable_parent() -> None:
    assert _shape("{ book { title tone } }", {"book": {"title": "t", "tone": "NOPE"}}) == (
        {"book": None},
        [_enum_error('"NOPE"', ["book", "tone"])],
    )


def test_an_invalid_enum_in_a_list_of_non_null_items_nulls_the_list() -> None:
    assert _shape("{ colors }", {"colors": ["RED", "SECRET", "GREEN"]}) == (
        {"colors": None},
        [_enum_error('"SECRET"', ["colors", 1])],
    )


def test_objects_by_their_typename() -> None:
    data = {"media": [{"__typename": "Book", "title": "b", "author": "a"}]}
    assert _shape("{ media { title ... on Book { author } } }", data) == (
        {"media": [{"title": "b", "author": "a"}]},
        [],
    )


def test_the_interface_name_as_typename_takes_the_interface_fields() -> None:
    data = {"media": [{"__typename": "Media", "title": "x", "id": "1"}]}
    assert _shape("{ media { title } }", data) == ({"media": [{"title": "x"}]}, [])


def test_the_interface_name_cannot_answer_type_specific_selections() -> None:
    data = {"media": [{"__typename": "Media", "title": "x"}]}
    message = "Cannot resolve the runtime type 'Media' of Media."
    expected_error = {"message": message, "path": ["media", 0], "extensions": CODE}
    # media is [Media!]!: the error bubbles up to data
    assert _shape("{ media { title ... on Book { author } } }", data) == (None, [expected_error])
    assert _shape("{ media { __typename title } }", data) == (None, [expected_error])


def test_null_in_a_non_null_field_bubbles_with_an_error() -> None:
    assert _shape("{ book { title } }", {"book": {"title": None}}) == (
        {"book": None},
        [
            {
                "message": "Cannot return null for non-nullable field Book.title.",
                "path": ["book", "title"],
                "extensions": CODE,
            }
        ],
    )


def test_an_error_already_at_the_path_is_not_repeated() -> None:
    errors: list[dict[str, Any]] = [{"message": "boom", "path": ["book", "title"]}]
    result = shape_response(
        {"book": {"title": None}}, normalized("{ book { title } }").root, errors
    )
    assert result == {"book": None}
    assert errors == [{"message": "boom", "path": ["book", "title"]}]


def test_siblings_nulled_with_a_failed_field_need_no_error() -> None:
    errors: list[dict[str, Any]] = [{"message": "boom", "path": ["book", "title"]}]
    data = {"book": {"id": None, "title": None}}
    result = shape_response(data, normalized("{ book { id title } }").root, errors)
    assert result == {"book": None}
    assert errors == [{"message": "boom", "path": ["book", "title"]}]


def test_an_error_below_suppresses_the_null_error_above() -> None:
    errors: list[dict[str, Any]] = [{"message": "deep", "path": ["media", 0, "id"]}]
    assert shape_response({"media": None}, normalized("{ media { id } }").root, errors) is None
    assert errors == [{"message": "deep", "path": ["media", 0, "id"]}]
    unrelated: list[dict[str, Any]] = [{"message": "other", "path": ["book"]}]
    assert shape_response({"media": None}, normalized("{ media { id } }").root, unrelated) is None
    assert [e["path"] for e in unrelated] == [["book"], ["media"]]


def test_lists_of_lists() -> None:
    assert _shape("{ grid }", {"grid": [[1, 2], None]}) == ({"grid": [[1, 2], None]}, [])
    data, errors = _shape("{ grid }", {"grid": [[1, None]]})
    assert data == {"grid": [None]}
    assert [e["path"] for e in errors] == [["grid", 0, 1]]
