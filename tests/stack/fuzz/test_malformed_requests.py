"""Malformed and hostile requests to the real router: each gets a clear GraphQL error with a
stable code and the right HTTP status, and the router keeps serving.

tests/router/http/test_protocol.py already covers on a test schema: truncated JSON, an empty
body, batched arrays, non-object bodies, a missing or non-string query, non-object variables
or extensions, XML and latin-1 content types, bodies over 1 MiB, GET mutations and CSRF.
This adds encodings, unicode, hostile JSON, broken documents and wrong variables on the real
schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.stack.fuzz.conftest import World
from tests.stack.fuzz.platform import Platform
from tests.stack.fuzz.properties import error_codes, graphql_body

JSON = {"content-type": "application/json"}
GRAPHQL_RESPONSE = "application/graphql-response+json"
ID_QUERY = "query($id: ID!) { event(id: $id) { id } }"
STATUS_QUERY = "query($s: InvitationStatus) { myInvitations(status: $s) { totalCount } }"
FIRST_QUERY = "query($n: Int!) { publicEvents(first: $n) { totalCount } }"
FROM_QUERY = "query($f: DateTime) { publicEvents(from: $f) { totalCount } }"
CREATE = "mutation($i: CreateEventInput!) { createEvent(input: $i) { id } }"
PROFILE = "mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }"


def body(query: str, variables: Any = None, **extra: Any) -> bytes:
    return json.dumps({"query": query, "variables": variables, **extra}).encode()


# name -> (raw body, HTTP status with application/json, the one expected error code)
RAW_BODIES: dict[str, tuple[bytes, int, str]] = {
    "invalid UTF-8": (b'{"query": "{ __typename \xff }"}', 400, "BAD_REQUEST"),
    "UTF-8 byte order mark": (b'\xef\xbb\xbf{"query": "{ __typename }"}', 400, "BAD_REQUEST"),
    "lone surrogate in the document": (
        b'{"query": "{ __typename } # \\ud800"}',
        400,
        "BAD_REQUEST",
    ),
    "lone surrogate in a variable": (
        b'{"query": "query($s: String) { publicEvents(search: $s) { totalCount } }", '
        b'"variables": {"s": "\\udc00x"}}',
        400,
        "BAD_REQUEST",
    ),
    "JSON nested 5000 deep": (
        b'{"query": "{ __typename }", "variables": {"a": ' + b"[" * 5000 + b"]" * 5000 + b"}}",
        400,
        "BAD_REQUEST",
    ),
    "NaN": (b'{"query": "{ __typename }", "variables": {"a": NaN}}', 400, "BAD_REQUEST"),
    "number overflowing a double": (
        b'{"query": "' + FIRST_QUERY.encode() + b'", "variables": {"n": 1e400}}',
        400,
        "BAD_REQUEST",
    ),
    "empty document": (body(""), 400, "BAD_REQUEST"),
    "blank document": (body(" \n\t "), 400, "BAD_REQUEST"),
    "null document": (b'{"query": null}', 400, "BAD_REQUEST"),
    "NUL in the document": (body("{ __type\x00name }"), 200, "GRAPHQL_PARSE_FAILED"),
    "non-ASCII field name": (body("{ n\u00e4me }"), 200, "GRAPHQL_PARSE_FAILED"),
    "emoji alias": (body("{ \U0001f600: __typename }"), 200, "GRAPHQL_PARSE_FAILED"),
    "right-to-left override in a name": (
        body("{ __type\u202ename }"),
        200,
        "GRAPHQL_PARSE_FAILED",
    ),
    "invalid string escape": (
        body('{ publicEvents(search: "\\x41") { totalCount } }'),
        200,
        "GRAPHQL_PARSE_FAILED",
    ),
    "leading-zero number": (
        body("{ publicEvents(first: 007) { totalCount } }"),
        200,
        "GRAPHQL_PARSE_FAILED",
    ),
    "only a comment": (body("# nothing"), 200, "GRAPHQL_PARSE_FAILED"),
    "type definition": (body("type Foo { a: Int }"), 200, "GRAPHQL_VALIDATION_FAILED"),
    "unused fragment only": (
        body("fragment F on Query { __typename }"),
        200,
        "GRAPHQL_VALIDATION_FAILED",
    ),
    "subscription": (body("subscription { x }"), 200, "GRAPHQL_VALIDATION_FAILED"),
    "Int literal over 32 bits": (
        body("{ publicEvents(first: 123456789012345678901234567890) { totalCount } }"),
        200,
        "GRAPHQL_VALIDATION_FAILED",
    ),
    "Float literal for an Int": (
        body("{ publicEvents(first: 1.0) { totalCount } }"),
        200,
        "GRAPHQL_VALIDATION_FAILED",
    ),
    "unknown enum literal": (
        body("{ myInvitations(status: ADMIN) { totalCount } }"),
        200,
        "GRAPHQL_VALIDATION_FAILED",
    ),
    "unknown operation name": (
        body("query A { __typename }", operationName="B"),
        200,
        "BAD_REQUEST",
    ),
    "two operations, no name": (
        body("query A { __typename } query B { __typename }"),
        200,
        "BAD_REQUEST",
    ),
    # Variables of the wrong type (coercion fails before anything runs).
    "object for an ID (NoSQL operator)": (
        body(ID_QUERY, {"id": {"$ne": None}}),
        200,
        "BAD_USER_INPUT",
    ),
    "list for an ID": (body(ID_QUERY, {"id": ["a"]}), 200, "BAD_USER_INPUT"),
    "missing required variable": (body(ID_QUERY), 200, "BAD_USER_INPUT"),
    "boolean for an enum": (body(STATUS_QUERY, {"s": True}), 200, "BAD_USER_INPUT"),
    "unknown enum value": (body(STATUS_QUERY, {"s": "ADMIN"}), 200, "BAD_USER_INPUT"),
    "Int over 32 bits": (body(FIRST_QUERY, {"n": 2**100}), 200, "BAD_USER_INPUT"),
    "string for an Int": (body(FIRST_QUERY, {"n": "20"}), 200, "BAD_USER_INPUT"),
    "string for an input object": (body(CREATE, {"i": "x"}), 200, "BAD_USER_INPUT"),
    "unknown input field": (body(PROFILE, {"i": {"owner": "x"}}), 200, "BAD_USER_INPUT"),
    # Custom scalars are checked by the subgraph that owns the field.
    "impossible date variable": (
        body(FROM_QUERY, {"f": "2026-02-30T00:00:00Z"}),
        200,
        "BAD_USER_INPUT",
    ),
    "number for a DateTime": (body(FROM_QUERY, {"f": 12345}), 200, "BAD_USER_INPUT"),
    "impossible date literal": (
        body('{ publicEvents(from: "2026-13-01T00:00:00Z") { totalCount } }'),
        200,
        "BAD_USER_INPUT",
    ),
    "unknown cursor": (
        body('{ publicEvents(after: "garbage") { totalCount } }'),
        200,
        "BAD_USER_INPUT",
    ),
    "malformed ID": (body(ID_QUERY, {"id": "../../etc"}), 200, "BAD_USER_INPUT"),
}

# name -> (content type, HTTP status)
CONTENT_TYPES = {
    "UTF-16 JSON": ("application/json; charset=utf-16", 415),
    "raw GraphQL": ("application/graphql", 415),
    "JSON patch": ("application/json-patch+json", 415),
    "the response media type": (GRAPHQL_RESPONSE, 415),
    "JSON, upper case": ("APPLICATION/JSON", 200),
    "JSON, explicit UTF-8": ("application/json;charset=UTF-8", 200),
}


@pytest.mark.parametrize("name", list(RAW_BODIES))
def test_malformed_bodies_get_one_clear_error(platform: Platform, name: str) -> None:
    raw, status, code = RAW_BODIES[name]
    legacy = platform.http.post(platform.url, content=raw, headers=JSON)
    answer = graphql_body(legacy)
    assert (legacy.status_code, error_codes(answer)) == (status, [code]), answer
    modern = platform.http.post(
        platform.url, content=raw, headers={**JSON, "accept": GRAPHQL_RESPONSE}
    )
    answer = graphql_body(modern)
    expected = 200 if "data" in answer else 400  # GraphQL over HTTP, for the new media type
    assert modern.status_code == expected, answer
    assert error_codes(answer) == [code]


@pytest.mark.parametrize("name", list(CONTENT_TYPES))
def test_content_types(platform: Platform, name: str) -> None:
    content_type, status = CONTENT_TYPES[name]
    response = platform.http.post(
        platform.url, content=body("{ __typename }"), headers={"content-type": content_type}
    )
    answer = graphql_body(response)
    assert response.status_code == status, answer
    if status == 415:
        assert error_codes(answer) == ["BAD_REQUEST"]
    else:
        assert answer == {"data": {"__typename": "Query"}}


def test_a_chunked_body_over_the_limit_is_cut_off(platform: Platform) -> None:
    """No content-length to check up front: the router stops reading past 1 MiB."""

    def chunks() -> Iterator[bytes]:
        yield b'{"query": "{ __typename }", "extensions": {"pad": "'
        for _ in range(1100):
            yield b"x" * 1024
        yield b'"}}'

    response = platform.http.post(platform.url, content=chunks(), headers=JSON)
    assert response.status_code == 413
    assert error_codes(graphql_body(response)) == ["BAD_REQUEST"]


def test_a_batch_of_mutations_runs_none(platform: Platform) -> None:
    username = "batchvictim1"
    register = {
        "query": "mutation($i: RegisterInput!) { register(input: $i) { id } }",
        "variables": {
            "i": {
                "username": username,
                "email": f"{username}@example.org",
                "password": "correct horse battery",
                "displayName": "Batch",
            }
        },
    }
    response = platform.post([register, register])
    assert response.status_code == 400
    assert error_codes(graphql_body(response)) == ["BAD_REQUEST"]
    assert "errors" not in platform.post(register).json()  # the name was still free


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"])
def test_other_methods_are_refused(platform: Platform, method: str) -> None:
    response = platform.http.request(method, platform.url, content=body("{ __typename }"))
    assert response.status_code == 405
    assert error_codes(graphql_body(response)) == ["BAD_REQUEST"]


def test_the_router_still_serves_after_all_that(platform: Platform) -> None:
    assert platform.data("{ __typename }") == {"__typename": "Query"}


def test_a_subgraph_refusing_a_whole_request_is_reported_at_its_fields(
    platform: Platform, world: World
) -> None:
    """The events subgraph rejects an invalid DateTime before running anything: the error is
    reported once, at the field, and its null siblings get no extra error (the lists are
    nullable: the other root fields keep their values)."""
    token = world.fuzzer.token
    root = platform.graphql('{ publicEvents(from: "2026-13-01T00:00:00Z") { totalCount } }')
    assert root["data"] == {"publicEvents": None}
    assert [(e["path"], e["extensions"]["code"]) for e in root["errors"]] == [
        (["publicEvents"], "BAD_USER_INPUT")
    ]
    siblings = platform.graphql(
        "{ myEvents { totalCount } publicEvents(first: 1000) { totalCount } }", token=token
    )
    assert siblings["data"]["publicEvents"] is None
    assert isinstance(siblings["data"]["myEvents"]["totalCount"], int)
    assert [(e["path"], e["extensions"]["code"]) for e in siblings["errors"]] == [
        (["publicEvents"], "BAD_USER_INPUT")
    ]
    nested = platform.graphql(
        'query($id: ID!) { user(id: $id) { username events(from: "tomorrow") { totalCount } } }',
        {"id": world.fuzzer.id},
        token=token,
    )
    assert nested["data"] == {"user": {"username": world.fuzzer.username, "events": None}}
    assert [(e["path"], e["extensions"]["code"]) for e in nested["errors"]] == [
        (["user", "events"], "BAD_USER_INPUT")
    ]
