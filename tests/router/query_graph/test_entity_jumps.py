"""`entity_jumps`: through which keys an object can be fetched from which subgraph."""

from __future__ import annotations

from graphql import FieldNode

from router.query_graph import EntityJump
from router.query_graph.entity_jumps import entity_jumps
from tests.router.supergraphs import media, shop


def _summary(jumps: tuple[EntityJump, ...]) -> list[tuple[str, str, str, str | None]]:
    return [(j.subgraph, j.entity_type, j.key_text, j.sent_typename) for j in jumps]


def test_one_jump_per_resolvable_key_in_subgraph_order() -> None:
    jumps = entity_jumps(shop().supergraph, "Product")
    assert _summary(jumps) == [
        ("catalog", "Product", "id", None),
        ("pricing", "Product", "id", None),
        ("pricing", "Product", "sku", None),
        ("shipping", "Product", "id", None),
    ]


def test_the_key_is_parsed() -> None:
    (jump, *_rest) = entity_jumps(shop().supergraph, "Product")
    (selection,) = jump.key.selections
    assert isinstance(selection, FieldNode) and selection.name.value == "id"


def test_keys_marked_resolvable_false_are_not_jumps() -> None:
    jumps = entity_jumps(media().supergraph, "Account")
    assert _summary(jumps) == [
        ("media", "Account", "email", None),
        ("reviews", "Account", "id", None),
    ]


def test_value_types_have_no_jumps() -> None:
    assert entity_jumps(shop().supergraph, "Dims") == ()


def test_objects_jump_to_interface_objects_by_the_interface_name() -> None:
    jumps = entity_jumps(media().supergraph, "Book")
    assert _summary(jumps) == [
        ("media", "Book", "id", None),
        ("reviews", "Media", "id", "Media"),
    ]


def test_entity_interfaces_are_sent_by_their_own_name() -> None:
    jumps = entity_jumps(media().supergraph, "Media")
    assert _summary(jumps) == [
        ("media", "Media", "id", "Media"),
        ("reviews", "Media", "id", "Media"),
    ]
