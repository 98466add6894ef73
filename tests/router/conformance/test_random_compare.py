"""Classification of disagreements between our answer and Hive's (no processes)."""

from __future__ import annotations

import pytest

from tests.router.conformance.random_compare import IDENTICAL, Outcome, classify
from tests.router.conformance.random_operations import Operation

DATA = {"data": {"a": [1, 2]}}
OTHER = {"data": {"a": [2, 1]}}
ERROR_AT_0 = {"data": {"a": None}, "errors": [{"message": "x", "path": ["a", 0]}]}
ERROR_AT_A = {"data": {"a": None}, "errors": [{"message": "y", "path": ["a"]}]}
NO_DATA = {"errors": [{"message": "Cannot plan the operation"}]}


@pytest.mark.parametrize(
    ("ours", "peer", "ours_bad", "peer_bad", "expected"),
    [
        (DATA, {"data": {"a": [1, 2]}}, False, False, IDENTICAL),
        (DATA, DATA, True, True, "ours-data-invalid"),
        (NO_DATA, DATA, False, False, "ours-error-peer-data"),
        (NO_DATA, ERROR_AT_0, False, False, "ours-error-peer-data"),
        (DATA, NO_DATA, False, False, "peer-error-ours-data"),
        (DATA, OTHER, False, True, "peer-data-invalid"),
        (ERROR_AT_0, ERROR_AT_A, False, False, "error-paths-differ"),
        (ERROR_AT_0, {**ERROR_AT_0, "data": {"a": []}}, False, False, "both-error"),
        (DATA, OTHER, False, False, "data-differs"),
    ],
)
def test_classify(
    ours: object, peer: object, ours_bad: bool, peer_bad: bool, expected: str
) -> None:
    assert classify(ours, peer, ["bad"] * ours_bad, ["bad"] * peer_bad) == expected


def test_known_peer_bug_needs_apollo_to_agree_with_ours() -> None:
    operation = Operation("{ products { id @skip(if: true) packaging } }", {})

    def outcome(apollo: object) -> Outcome:
        return Outcome("requires", operation, DATA, OTHER, "data-differs", [], [], apollo)

    assert outcome(DATA).explained_by == 1
    assert not outcome(DATA).failing
    assert outcome(OTHER).failing
    assert outcome(None).failing
