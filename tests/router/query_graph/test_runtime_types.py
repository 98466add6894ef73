"""`runtime_types`: the `__typename`s a subgraph may answer where its schema has a type."""

from __future__ import annotations

from router.query_graph.runtime_types import runtime_types
from tests.router.conftest import federation
from tests.router.supergraphs import media

UNION = {
    "a": """
type Query { results: [Result!]! }
union Result = Hit | Miss
type Hit @shareable { score: Int }
type Miss { reason: String }
""",
    "b": """
type Query { other: [Result!]! }
union Result = Hit
type Hit @shareable { score: Int }
""",
}


def test_an_object_type_is_itself() -> None:
    assert runtime_types(media().supergraph, "media", "Book") == {"Book"}


def test_an_interface_is_its_implementations_in_that_subgraph() -> None:
    assert runtime_types(media().supergraph, "media", "Media") == {"Book", "Movie"}


def test_an_interface_object_answers_with_the_interface_name() -> None:
    assert runtime_types(media().supergraph, "reviews", "Media") == {"Media"}


def test_a_union_is_its_members_in_that_subgraph() -> None:
    supergraph = federation(**UNION).supergraph
    assert runtime_types(supergraph, "a", "Result") == {"Hit", "Miss"}
    assert runtime_types(supergraph, "b", "Result") == {"Hit"}


def test_unknown_types_have_none() -> None:
    assert runtime_types(media().supergraph, "media", "Nope") == frozenset()
