"""The web app's reader of incremental answers: parts are read as soon as they are whole,
wherever the network cuts the body, and increments land at their paths."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from webapp.core.incremental import IncrementalResult, boundary_of, multipart_payloads

INITIAL = {
    "data": {"event": {"id": "1"}},
    "pending": [{"id": "0", "path": [], "label": "guests"}],
    "hasNext": True,
}
LATER = {
    "incremental": [{"id": "0", "data": {"guests": {"nodes": [{"id": "g"}]}}}],
    "completed": [{"id": "0"}],
    "hasNext": False,
}
HEAD = b"\r\nContent-Type: application/json; charset=utf-8\r\n\r\n"


def _body(*payloads: dict[str, object]) -> bytes:
    parts = b"".join(HEAD + json.dumps(payload).encode() + b"\r\n---" for payload in payloads)
    return b"\r\n---" + parts + b"--\r\n"


def _cut(body: bytes, size: int) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


@pytest.mark.parametrize("size", [1, 2, 7, 64, 10_000])
def test_parts_are_read_wherever_the_body_is_cut(size: int) -> None:
    payloads = list(multipart_payloads(_cut(_body(INITIAL, LATER), size), "-"))
    assert payloads == [INITIAL, LATER]


def test_a_part_is_handed_over_before_the_next_one_is_sent() -> None:
    sent: list[bytes] = []

    def network() -> Iterator[bytes]:
        body = _body(INITIAL, LATER)
        first_end = body.index(b"\r\n---", 5) + len(b"\r\n---")
        sent.append(body[:first_end])
        yield body[:first_end]
        sent.append(body[first_end:])
        yield body[first_end:]

    reader = multipart_payloads(network(), "-")
    assert next(reader) == INITIAL and len(sent) == 1


def test_the_deferred_data_is_merged_once_its_label_completes() -> None:
    answer = IncrementalResult(iter([INITIAL, LATER]))
    assert answer.initial.data == {"event": {"id": "1"}}
    full = answer.until("guests")
    assert full.data == {"event": {"id": "1"}, "guests": {"nodes": [{"id": "g"}]}}
    assert full.errors == ()


def test_a_stream_that_ends_early_leaves_the_deferred_part_missing() -> None:
    answer = IncrementalResult(iter([INITIAL]))
    assert answer.until("guests").data == {"event": {"id": "1"}}


def test_errors_of_a_deferred_part_are_kept() -> None:
    failed = {
        "completed": [
            {
                "id": "0",
                "errors": [{"message": "down", "extensions": {"code": "SUBGRAPH_UNAVAILABLE"}}],
            }
        ],
        "hasNext": False,
    }
    result = IncrementalResult(iter([INITIAL, failed])).until("guests")
    assert [error.code for error in result.errors] == ["SUBGRAPH_UNAVAILABLE"]
    assert result.outage


@pytest.mark.parametrize(
    ("content_type", "boundary"),
    [
        ('multipart/mixed; boundary="-"', "-"),
        ("multipart/mixed;boundary=graphql", "graphql"),
        ("multipart/mixed", "-"),
        ("application/json", None),
    ],
)
def test_boundary_of(content_type: str, boundary: str | None) -> None:
    assert boundary_of(content_type) == boundary
