"""`tree`: costs and segments of the path search's resolution."""

from __future__ import annotations

from router.planner.tree import ZERO, Cost, Segment
from tests.router.supergraphs import shop


def test_fewer_fetches_win_whatever_the_hops() -> None:
    assert Cost(1, 100) < Cost(2, 0)
    assert min([Cost(2, 0), Cost(1, 100), Cost(3, 0)]) == Cost(1, 100)


def test_on_equal_fetches_fewer_hops_win() -> None:
    assert Cost(1, 1) < Cost(1, 2)
    assert not Cost(1, 2) < Cost(1, 2)


def test_costs_add_up() -> None:
    assert Cost(1, 2) + Cost(3, 4) == Cost(4, 6)
    assert ZERO + Cost(1, 1) == Cost(1, 1)
    assert Cost(0, 0) == ZERO


def test_only_segments_without_jumps_or_root_are_entries() -> None:
    jumps = shop().graph().jumps("Product")[:1]
    assert Segment("catalog", "Product").is_entry
    assert not Segment("catalog", "Query", root=True).is_entry
    assert not Segment("pricing", "Product", jumps=jumps).is_entry
