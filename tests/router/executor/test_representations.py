"""`build_representations`: deduplicated `_entities` representations from merged data."""

from __future__ import annotations

from typing import Any

import orjson

from router.executor.representations import _MISSING, build_representations, project
from router.plan import FetchNode, Projection, RepresentationShape

TYPENAME = ("__typename", "__typename", None, False)
ID = ("id", "id", None, False)


def _fetch(*shapes: RepresentationShape) -> FetchNode:
    return FetchNode("s", "", "query", None, (), (), representations=shapes)


def _shape(
    concrete: str, projection: Projection, keys: tuple[str, ...] = ("id",), sent: str = ""
) -> RepresentationShape:
    return RepresentationShape(concrete, sent or concrete, projection, keys)


def test_project_reads_source_keys_and_sends_names() -> None:
    projection: Projection = (ID, ("_fc_price_1", "price", None, False))
    assert project({"id": 1, "_fc_price_1": 5, "price": 9, "x": 0}, projection) == {
        "id": 1,
        "price": 5,
    }


def test_project_nested_objects_and_lists() -> None:
    projection: Projection = (("owner", "owner", (ID,), False),)
    assert project({"owner": {"id": 1, "nick": "n"}}, projection) == {"owner": {"id": 1}}
    assert project({"owner": [{"id": 1}, {"id": 2}]}, projection) == {
        "owner": [{"id": 1}, {"id": 2}]
    }
    assert project({"owner": None}, projection) == {"owner": None}


def test_a_missing_field_makes_the_projection_missing() -> None:
    projection: Projection = (("owner", "owner", (ID,), False),)
    assert project({}, projection) is _MISSING
    assert project({"owner": {"nick": "n"}}, projection) is _MISSING
    assert project({"owner": [{"id": 1}, {}]}, projection) is _MISSING


def test_optional_fields_and_typename_may_be_missing() -> None:
    projection: Projection = (TYPENAME, ID, ("isbn", "isbn", None, True))
    assert project({"id": 1}, projection) == {"id": 1}
    assert project({"id": 1, "isbn": "x"}, projection) == {"id": 1, "isbn": "x"}


def test_representations_are_built_per_concrete_type_with_the_sent_typename() -> None:
    fetch = _fetch(
        _shape("Book", (TYPENAME, ID), sent="Media"),
        _shape("Movie", (TYPENAME, ID, ("year", "year", None, True))),
    )
    book = {"__typename": "Book", "id": 1, "title": "t"}
    movie = {"__typename": "Movie", "id": 2, "year": 1999}
    song = {"__typename": "Song", "id": 3}
    result = build_representations(fetch, [book, movie, song], {}, {})
    assert result.items == [
        {"__typename": "Media", "id": 1},
        {"__typename": "Movie", "id": 2, "year": 1999},
    ]
    assert result.assignments == [(book, 0), (movie, 1)]
    assert result.fingerprints == [orjson.dumps(item) for item in result.items]


def test_objects_with_a_null_key_are_skipped() -> None:
    fetch = _fetch(_shape("Product", (TYPENAME, ("_fc_id_1", "id", None, False)), ("_fc_id_1",)))
    objects: list[dict[str, Any]] = [
        {"__typename": "Product", "_fc_id_1": None},
        {"__typename": "Product"},
        {"__typename": "Product", "_fc_id_1": "p1"},
    ]
    result = build_representations(fetch, objects, {}, {})
    assert result.items == [{"__typename": "Product", "id": "p1"}]
    assert result.assignments == [(objects[2], 0)]


def test_objects_missing_a_required_field_are_skipped() -> None:
    fetch = _fetch(_shape("Product", (TYPENAME, ID, ("price", "price", None, False))))
    result = build_representations(fetch, [{"__typename": "Product", "id": 1}], {}, {})
    assert result.items == [] and result.assignments == []


def test_equal_representations_are_sent_once() -> None:
    fetch = _fetch(_shape("Product", (TYPENAME, ID)))
    first = {"__typename": "Product", "id": 1, "name": "a"}
    second = {"__typename": "Product", "id": 1, "name": "b"}
    third = {"__typename": "Product", "id": 2}
    result = build_representations(fetch, [first, second, third], {}, {})
    assert result.items == [{"__typename": "Product", "id": 1}, {"__typename": "Product", "id": 2}]
    assert result.assignments == [(first, 0), (second, 0), (third, 1)]


def test_known_entities_are_reused_instead_of_sent() -> None:
    fetch = _fetch(_shape("Product", (TYPENAME, ID)))
    known_entity = {"price": 5}
    first = {"__typename": "Product", "id": 1}
    (fingerprint,) = build_representations(fetch, [first], {}, {}).fingerprints
    second = {"__typename": "Product", "id": 2}
    result = build_representations(fetch, [first, second], {fingerprint: known_entity}, {})
    assert result.reused == [(first, known_entity)]
    assert result.items == [{"__typename": "Product", "id": 2}]


def test_objects_of_a_type_skipped_by_the_variables_are_not_sent() -> None:
    photo = RepresentationShape("Photo", "Photo", (TYPENAME, ID), ("id",), (("x", True),))
    fetch = _fetch(photo, _shape("Clip", (TYPENAME, ID)))
    objects = [{"__typename": "Photo", "id": 1}, {"__typename": "Clip", "id": 2}]
    skipped = build_representations(fetch, objects, {}, {"x": False})
    assert skipped.items == [{"__typename": "Clip", "id": 2}]
    sent = build_representations(fetch, objects, {}, {"x": True})
    assert [item["__typename"] for item in sent.items] == ["Photo", "Clip"]
