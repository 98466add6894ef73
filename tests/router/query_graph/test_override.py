"""`entry_active`: which side of an @override resolves the field."""

from __future__ import annotations

import pytest

from router.query_graph.override import entry_active
from router.supergraph import FieldInGraph
from tests.router.supergraphs import override

NONE: frozenset[str] = frozenset()
FANCY = frozenset({"fancy"})


def test_plain_declaration_is_active() -> None:
    assert entry_active(FieldInGraph("a"), NONE)
    assert entry_active(FieldInGraph("a"), FANCY)


def test_override_without_label_always_wins() -> None:
    assert entry_active(FieldInGraph("b", override="a"), NONE)


@pytest.mark.parametrize(("labels", "expected"), [(NONE, False), (FANCY, True)])
def test_overriding_side_with_label_needs_the_label(labels: frozenset[str], expected: bool) -> None:
    entry = FieldInGraph("b", override="a", override_label="fancy")
    assert entry_active(entry, labels) is expected


@pytest.mark.parametrize(("labels", "expected"), [(NONE, True), (FANCY, False)])
def test_overridden_side_with_label_yields_to_it(labels: frozenset[str], expected: bool) -> None:
    entry = FieldInGraph("a", override_label="fancy")
    assert entry_active(entry, labels) is expected


def test_used_overridden_is_never_active() -> None:
    assert not entry_active(FieldInGraph("a", used_overridden=True), NONE)
    assert not entry_active(FieldInGraph("a", used_overridden=True, override_label="x"), NONE)


def test_composed_declarations() -> None:
    fields = override().supergraph.types["Product"].fields
    color = fields["color"].graphs
    assert entry_active(color["legacy"], NONE) and not entry_active(color["modern"], NONE)
    assert entry_active(color["modern"], FANCY) and not entry_active(color["legacy"], FANCY)
    upc = fields["upc"].graphs
    assert not entry_active(upc["legacy"], FANCY)
    assert entry_active(upc["modern"], NONE)
