"""``@defer`` and ``@stream`` over HTTP: ``multipart/mixed`` with the pending / incremental /
completed payloads, the initial payload before slow deferred data, and whole answers for
clients that do not read multipart."""

from __future__ import annotations

import json
from typing import Any

import httpx

from tests.router.http.helpers import PREFLIGHT, post
from tests.support.incremental import MULTIPART_ACCEPT, read_events, read_parts, reassemble

MULTIPART = {"accept": MULTIPART_ACCEPT}


def incremental(
    base: str, query: str, variables: dict[str, object] | None = None
) -> list[dict[str, Any]]:
    body: dict[str, object] = {"query": query}
    if variables is not None:
        body["variables"] = variables
    response = post(base, body, headers=MULTIPART)
    assert response.status_code == 200, response.text
    return read_parts(response)


def test_initial_payload_comes_before_the_slow_deferred_field(dev_router: str) -> None:
    query = '{ hello ... @defer(label: "later") { slow(milliseconds: 3000) } }'
    with httpx.stream(
        "POST",
        f"{dev_router}/graphql",
        json={"query": query},
        headers={"content-type": "application/json", **MULTIPART},
        timeout=30,
    ) as response:
        assert response.headers["content-type"] == 'multipart/mixed; boundary="-"'
        chunks = response.iter_raw()
        first = next(chunks).decode()
        # The initial part arrived while the deferred field is still being resolved: the
        # closing delimiter has not been sent, but the part's own end has (a client reads
        # it without waiting for the next part).
        assert '"hello":"world"' in first and "-----" not in first, first
        assert first.startswith("\r\n---\r\n") and first.endswith("}\r\n---"), first
        assert json.loads(first.split("\r\n\r\n", 1)[1].removesuffix("\r\n---")) == {
            "data": {"hello": "world"},
            "pending": [{"id": "0", "path": [], "label": "later"}],
            "hasNext": True,
        }
        rest = b"".join(chunks).decode()
    assert '{"incremental":[{"id":"0","data":{"slow":"done"}}],"completed":[{"id":"0"}],' in rest
    assert rest.endswith('"hasNext":false}\r\n-----\r\n')


def test_nested_deferred_fragments_and_spreads_reassemble(dev_router: str) -> None:
    query = """
    query Nested {
      user(id: "2") {
        id
        ... @defer(label: "outer") {
          name
          bestFriend { id ...Friend @defer(label: "inner") }
        }
      }
    }
    fragment Friend on User { name }
    """
    payloads = incremental(dev_router, query)
    assert payloads[0] == {
        "data": {"user": {"id": "2"}},
        "pending": [{"id": "0", "path": ["user"], "label": "outer"}],
        "hasNext": True,
    }
    assert payloads[1]["pending"] == [{"id": "1", "path": ["user", "bestFriend"], "label": "inner"}]
    assert payloads[1]["incremental"] == [
        {"id": "0", "data": {"name": "Grace", "bestFriend": {"id": "3"}}}
    ]
    assert payloads[2] == {
        "incremental": [{"id": "1", "data": {"name": "Barbara"}}],
        "completed": [{"id": "1"}],
        "hasNext": False,
    }
    plain = post(dev_router, {"query": query}).json()
    assert reassemble(payloads) == plain


def test_stream_sends_the_first_items_then_the_rest(dev_router: str) -> None:
    query = '{ user(id: "1") { friends @stream(initialCount: 1, label: "f") { id name } } }'
    payloads = incremental(dev_router, query)
    assert payloads[0] == {
        "data": {"user": {"friends": [{"id": "1", "name": "Ada"}]}},
        "pending": [{"id": "0", "path": ["user", "friends"], "label": "f"}],
        "hasNext": True,
    }
    assert payloads[1] == {
        "incremental": [
            {"id": "0", "items": [{"id": "2", "name": "Grace"}, {"id": "3", "name": "Barbara"}]}
        ],
        "completed": [{"id": "0"}],
        "hasNext": False,
    }


def test_defer_turned_off_by_if_is_answered_whole(dev_router: str) -> None:
    query = "query ($later: Boolean!) { hello ... @defer(if: $later) { slow(milliseconds: 1) } }"
    response = post(dev_router, {"query": query, "variables": {"later": False}}, headers=MULTIPART)
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"data": {"hello": "world", "slow": "done"}}
    deferred = incremental(dev_router, query, {"later": True})
    assert reassemble(deferred) == response.json()


def test_clients_without_multipart_get_the_whole_answer(dev_router: str) -> None:
    query = (
        '{ hello ... @defer { slow(milliseconds: 1) } user(id: "1") { friends @stream { id } } }'
    )
    body = post(dev_router, {"query": query}).json()
    assert body == {
        "data": {
            "hello": "world",
            "slow": "done",
            "user": {"friends": [{"id": "1"}, {"id": "2"}, {"id": "3"}]},
        }
    }


def test_deferred_mutation_selection_runs_the_mutation_once(dev_router: str) -> None:
    query = 'mutation { rename(id: "7", name: "Hedy") { id ... @defer { name } } }'
    payloads = incremental(dev_router, query)
    assert payloads[0]["data"] == {"rename": {"id": "7"}}
    assert payloads[1]["incremental"] == [{"id": "0", "data": {"name": "Hedy"}}]
    assert reassemble(payloads) == {"data": {"rename": {"id": "7", "name": "Hedy"}}}


def test_defer_is_validated(dev_router: str) -> None:
    duplicate = (
        '{ ... @defer(label: "a") { hello } ... @defer(label: "a") { slow(milliseconds: 1) } }'
    )
    response = post(dev_router, {"query": duplicate}, headers=MULTIPART)
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    on_scalar_list = "{ hello @stream(initialCount: 1) }"
    response = post(dev_router, {"query": on_scalar_list}, headers=MULTIPART)
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_introspection_does_not_list_defer_or_stream(dev_router: str) -> None:
    body = post(dev_router, {"query": "{ __schema { directives { name } } }"}).json()
    names = {d["name"] for d in body["data"]["__schema"]["directives"]}
    assert "defer" not in names and "stream" not in names


def test_an_error_in_a_deferred_fragment_lands_in_its_increment(dev_router: str) -> None:
    payloads = incremental(dev_router, '{ hello ... @defer(label: "f") { failing } }')
    assert payloads[0] == {
        "data": {"hello": "world"},
        "pending": [{"id": "0", "path": [], "label": "f"}],
        "hasNext": True,
    }
    (entry,) = payloads[1]["incremental"]
    assert entry["data"] == {"failing": None}
    assert [error["path"] for error in entry["errors"]] == [["failing"]]
    assert "failing on purpose" in entry["errors"][0]["message"]
    assert "errors" not in payloads[0]


SSE = {"accept": "text/event-stream"}


def test_graphql_over_sse_delivers_each_payload_as_an_event(dev_router: str) -> None:
    query = '{ hello ... @defer(label: "later") { slow(milliseconds: 1) } }'
    response = post(dev_router, {"query": query}, headers=SSE)
    assert response.status_code == 200
    payloads = read_events(response)
    assert payloads[0]["pending"] == [{"id": "0", "path": [], "label": "later"}]
    assert reassemble(payloads) == {"data": {"hello": "world", "slow": "done"}}


def test_graphql_over_sse_sends_a_plain_result_as_one_event(dev_router: str) -> None:
    response = post(dev_router, {"query": "{ hello }"}, headers=SSE)
    assert read_events(response) == [{"data": {"hello": "world"}}]
    got = httpx.get(
        f"{dev_router}/graphql",
        params={"query": "{ hello }"},
        headers={**SSE, **PREFLIGHT},  # CSRF prevention applies to GET
        timeout=10,
    )
    assert read_events(got) == [{"data": {"hello": "world"}}]


def test_a_multipart_only_client_gets_a_plain_result_as_one_part(dev_router: str) -> None:
    response = post(dev_router, {"query": "{ hello }"}, headers={"accept": "multipart/mixed"})
    assert read_parts(response) == [{"data": {"hello": "world"}}]


def test_request_errors_are_not_streamed(dev_router: str) -> None:
    response = post(dev_router, {"query": "{ nope }"}, headers=SSE)
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
