"""GraphQL over HTTP: methods, media types, status codes, malformed requests, CSRF."""

from __future__ import annotations

import httpx
import pytest

from tests.router.http.helpers import GRAPHQL_RESPONSE, PREFLIGHT, error_codes, post


def test_post_json_executes_and_answers_application_json(dev_router: str) -> None:
    response = post(dev_router, {"query": "{ hello user(id: 1) { name } }"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json() == {"data": {"hello": "world", "user": {"name": "Ada"}}}


def test_variables_and_operation_name(dev_router: str) -> None:
    body = {
        "query": "query A { hello } query B($id: ID!) { user(id: $id) { name } }",
        "operationName": "B",
        "variables": {"id": "2"},
        "extensions": {},
    }
    assert post(dev_router, body).json() == {"data": {"user": {"name": "Grace"}}}


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        ("application/json", "application/json"),
        ("*/*", "application/json"),
        (f"application/json;q=0.5, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
        ("text/html;q=0.9, application/*;q=0.8", "application/json"),
    ],
)
def test_accept_negotiation(dev_router: str, accept: str, content_type: str) -> None:
    response = post(dev_router, {"query": "{ hello }"}, accept=accept)
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{content_type}; charset=utf-8"


def test_unacceptable_accept_is_406(dev_router: str) -> None:
    response = post(dev_router, {"query": "{ hello }"}, accept="text/xml")
    assert response.status_code == 406
    assert error_codes(response) == ["BAD_REQUEST"]


def test_get_query_with_preflight_header(dev_router: str) -> None:
    response = httpx.get(
        f"{dev_router}/graphql",
        params={"query": "query($id: ID!) { user(id: $id) { name } }", "variables": '{"id":"3"}'},
        headers=PREFLIGHT,
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"user": {"name": "Barbara"}}}


def test_get_mutation_is_405_allow_post(dev_router: str) -> None:
    response = httpx.get(
        f"{dev_router}/graphql",
        params={"query": 'mutation { rename(id: 1, name: "x") { name } }'},
        headers=PREFLIGHT,
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


def test_post_mutation_runs(dev_router: str) -> None:
    response = post(dev_router, {"query": 'mutation { rename(id: 1, name: "Lin") { name } }'})
    assert response.json() == {"data": {"rename": {"name": "Lin"}}}


def test_other_methods_are_405(dev_router: str) -> None:
    response = httpx.put(f"{dev_router}/graphql", json={"query": "{ hello }"})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


@pytest.mark.parametrize("content_type", ["application/xml", "application/json; charset=latin-1"])
def test_unsupported_content_type_is_415(dev_router: str, content_type: str) -> None:
    response = httpx.post(
        f"{dev_router}/graphql",
        content=b'{"query":"{ hello }"}',
        headers={"content-type": content_type},
    )
    assert response.status_code == 415
    assert error_codes(response) == ["BAD_REQUEST"]


@pytest.mark.parametrize(
    ("raw", "message_part"),
    [
        (b'{"query": "{ hello }"', "not valid JSON"),
        (b"", "empty"),
        (b'[{"query": "{ hello }"}]', "Batched"),
        (b'"{ hello }"', "JSON object"),
        (b'{"notquery": "{ hello }"}', "Missing the 'query'"),
        (b'{"query": 1}', "must be a string"),
        (b'{"query": "{ hello }", "variables": [1]}', "'variables'"),
        (b'{"query": "{ hello }", "extensions": "x"}', "'extensions'"),
        (b'{"query": "{ hello }", "operationName": 3}', "'operationName'"),
    ],
)
@pytest.mark.parametrize("accept", ["application/json", GRAPHQL_RESPONSE])
def test_malformed_requests_are_400_bad_request(
    dev_router: str, raw: bytes, message_part: str, accept: str
) -> None:
    response = httpx.post(
        f"{dev_router}/graphql",
        content=raw,
        headers={"content-type": "application/json", "accept": accept},
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(accept)
    assert error_codes(response) == ["BAD_REQUEST"]
    assert message_part in response.json()["errors"][0]["message"]


def test_get_with_malformed_variables_is_400(dev_router: str) -> None:
    response = httpx.get(
        f"{dev_router}/graphql",
        params={"query": "{ hello }", "variables": "{"},
        headers=PREFLIGHT,
    )
    assert response.status_code == 400
    assert error_codes(response) == ["BAD_REQUEST"]


@pytest.mark.parametrize("query", ["{", "{ doesNotExist }"])
def test_parse_and_validation_errors_status_depends_on_media_type(
    dev_router: str, query: str
) -> None:
    legacy = post(dev_router, {"query": query}, accept="application/json")
    assert legacy.status_code == 200
    assert "data" not in legacy.json() and legacy.json()["errors"]
    modern = post(dev_router, {"query": query}, accept=GRAPHQL_RESPONSE)
    assert modern.status_code == 400
    assert "data" not in modern.json() and modern.json()["errors"]


def test_variable_coercion_failure_status(dev_router: str) -> None:
    body = {"query": "query($id: ID!) { user(id: $id) { name } }", "variables": {"id": None}}
    assert post(dev_router, body, accept="application/json").status_code == 200
    assert post(dev_router, body, accept=GRAPHQL_RESPONSE).status_code == 400


def test_body_over_limit_is_413(dev_router: str) -> None:
    padding = "x" * (1_048_576 + 10)
    response = post(dev_router, {"query": "{ hello }", "extensions": {"pad": padding}})
    assert response.status_code == 413
    assert error_codes(response) == ["BAD_REQUEST"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"content-type": "text/plain"},
        {"content-type": "application/x-www-form-urlencoded"},
        {"content-type": "multipart/form-data; boundary=x"},
    ],
)
def test_csrf_blocks_simple_posts_without_preflight(
    dev_router: str, headers: dict[str, str]
) -> None:
    response = httpx.post(
        f"{dev_router}/graphql", content=b'{"query":"{ hello }"}', headers=headers
    )
    assert response.status_code == 400
    assert error_codes(response) == ["BAD_REQUEST"]
    assert "CSRF" in response.json()["errors"][0]["message"]


def test_csrf_blocks_get_without_preflight(dev_router: str) -> None:
    response = httpx.get(f"{dev_router}/graphql", params={"query": "{ hello }"})
    assert response.status_code == 400
    assert "CSRF" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    "name", ["graphql-preflight", "apollo-require-preflight", "x-apollo-operation-name"]
)
def test_preflight_headers_let_gets_through(dev_router: str, name: str) -> None:
    response = httpx.get(
        f"{dev_router}/graphql", params={"query": "{ hello }"}, headers={name: "1"}
    )
    assert response.json() == {"data": {"hello": "world"}}


def test_simple_content_type_with_preflight_is_415(dev_router: str) -> None:
    response = httpx.post(
        f"{dev_router}/graphql",
        content=b'{"query":"{ hello }"}',
        headers={"content-type": "text/plain", **PREFLIGHT},
    )
    assert response.status_code == 415


def test_request_id_is_echoed_generated_and_forwarded(dev_router: str) -> None:
    query = {"query": '{ echoHeader(name: "x-request-id") }'}
    given = post(dev_router, query, headers={"x-request-id": "req-42"})
    assert given.headers["x-request-id"] == "req-42"
    assert given.json() == {"data": {"echoHeader": "req-42"}}
    generated = post(dev_router, query)
    request_id = generated.headers["x-request-id"]
    assert len(request_id) >= 16
    assert generated.json() == {"data": {"echoHeader": request_id}}
    unsafe = post(dev_router, query, headers={"x-request-id": "bad id\twith spaces"})
    assert unsafe.headers["x-request-id"] != "bad id\twith spaces"


def test_only_configured_headers_are_forwarded(dev_router: str) -> None:
    query = {
        "query": '{ auth: echoHeader(name: "authorization") secret: echoHeader(name: "x-secret") }'
    }
    response = post(dev_router, query, headers={"authorization": "Bearer t", "x-secret": "s"})
    # Default ROUTER_FORWARD_HEADERS is x-request-id only: the client's token stays at the router.
    assert response.json() == {"data": {"auth": None, "secret": None}}


def test_unknown_path_is_404(dev_router: str) -> None:
    assert httpx.get(f"{dev_router}/nope").status_code == 404
