"""The checker the crash tests rely on accepts explained nulls and nothing else."""

from __future__ import annotations

from tests.stack.faults.degradation import unexplained_differences

FULL = {"me": {"id": "1", "events": [{"title": "a"}, {"title": "b"}]}, "share": "DETAILS"}


def test_identical_answers_differ_nowhere() -> None:
    assert unexplained_differences(FULL, FULL, []) == []


def test_a_null_under_an_error_path_is_explained() -> None:
    degraded = {"me": {"id": "1", "events": [None, {"title": "b"}]}, "share": "DETAILS"}
    errors = [{"path": ["me", "events", 0, "title"]}]  # null bubbled up from the title
    assert unexplained_differences(FULL, degraded, errors) == []


def test_a_null_without_an_error_is_reported() -> None:
    degraded = {"me": {"id": "1", "events": [None, {"title": "b"}]}, "share": None}
    errors = [{"path": ["me", "events", 0]}]
    assert unexplained_differences(FULL, degraded, errors) == [
        "share is null without an error under it"
    ]


def test_a_changed_value_is_reported_even_with_errors() -> None:
    degraded = {"me": {"id": "1", "events": [{"title": "a"}]}, "share": "DETAILS"}
    errors = [{"path": ["me", "events"]}]
    assert unexplained_differences(FULL, degraded, errors) == [
        "me.events changed: [{'title': 'a'}, {'title': 'b'}] -> [{'title': 'a'}]"
    ]
