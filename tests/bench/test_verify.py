"""The identical-response checker."""

from __future__ import annotations

from typing import Any

from bench.verify import check_identical, first_difference

GOOD: tuple[int, Any] = (200, {"data": {"topProducts": [{"upc": "1", "price": 899}]}})


def test_equal_answers_pass_whatever_the_key_order() -> None:
    reordered = (200, {"data": {"topProducts": [{"price": 899, "upc": "1"}]}})
    reference, mismatches = check_identical({"a": GOOD, "b": reordered}, ("a",))
    assert reference == "a"
    assert mismatches == []


def test_different_value_is_reported_with_its_path() -> None:
    wrong = (200, {"data": {"topProducts": [{"upc": "1", "price": 900}]}})
    reference, mismatches = check_identical({"ref": GOOD, "ours": wrong}, ("ref",))
    assert reference == "ref"
    assert [m.gateway for m in mismatches] == ["ours"]
    assert "$.data.topProducts[0].price" in mismatches[0].reason


def test_errors_and_http_failures_are_mismatches() -> None:
    answers: dict[str, tuple[int, Any]] = {
        "ref": GOOD,
        "errs": (200, {"data": None, "errors": [{"message": "boom"}]}),
        "down": (502, "Bad Gateway"),
    }
    reference, mismatches = check_identical(answers, ("ref",))
    assert reference == "ref"
    reasons = {m.gateway: m.reason for m in mismatches}
    assert "GraphQL errors" in reasons["errs"]
    assert reasons["down"].startswith("HTTP 502")


def test_no_clean_answer_means_no_reference() -> None:
    reference, mismatches = check_identical({"a": (500, "x")}, ("a",))
    assert reference is None
    assert len(mismatches) == 1


def test_list_length_difference() -> None:
    assert first_difference([1, 2], [1]) == "$ has 1 items, expected 2"
    assert first_difference({"a": 1}, {"a": 1.0}) is not None
