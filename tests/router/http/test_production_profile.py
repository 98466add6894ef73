"""The production profile gives nothing away: no introspection (unless ROUTER_INTROSPECTION),
no "Did you mean" suggestions, /metrics and /ready only on the admin port, and connections
that do not send their headers or body in time are not held open."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest

from tests.router.http.conftest import RouterFactory
from tests.router.http.helpers import error_codes, post
from tests.support.processes import free_port

INTROSPECTION = {"query": "{ __schema { queryType { name } } }"}
TYPO = {"query": "{ helo }"}
SOCKET_TIMEOUT = 30.0  # far above the router's 1 s deadlines: only a missing deadline waits


@pytest.fixture(scope="module")
def admin_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def guarded_router(start_router: RouterFactory, subgraph_url: str, admin_port: int) -> str:
    """Production, with an admin port and 1-second header and body deadlines."""
    return start_router(
        "guarded",
        {
            "ROUTER_ENV": "production",
            "ROUTER_SUBGRAPH_USERS_URL": subgraph_url,
            "ROUTER_ADMIN_PORT": str(admin_port),
            "ROUTER_HEADER_READ_TIMEOUT": "1",
            "ROUTER_BODY_READ_TIMEOUT": "1",
        },
    )


def test_introspection_is_refused_in_production_with_a_clear_code(prod_router: str) -> None:
    response = post(prod_router, INTROSPECTION)
    assert error_codes(response) == ["INTROSPECTION_DISABLED"]
    assert "data" not in response.json()
    assert post(prod_router, {"query": "{ __typename hello }"}).json()["data"]["hello"]


def test_introspection_is_on_in_development(dev_router: str) -> None:
    assert post(dev_router, INTROSPECTION).json()["data"]["__schema"]["queryType"]


def test_introspection_can_be_switched_on_in_production(
    start_router: RouterFactory, subgraph_url: str
) -> None:
    base = start_router(
        "introspectable",
        {
            "ROUTER_ENV": "production",
            "ROUTER_INTROSPECTION": "true",
            "ROUTER_SUBGRAPH_USERS_URL": subgraph_url,
        },
    )
    assert post(base, INTROSPECTION).json()["data"]["__schema"]["queryType"]


def test_no_field_suggestions_in_production(prod_router: str, dev_router: str) -> None:
    assert "Did you mean" in post(dev_router, TYPO).json()["errors"][0]["message"]
    production = post(prod_router, TYPO)
    assert error_codes(production) == ["GRAPHQL_VALIDATION_FAILED"]
    message = production.json()["errors"][0]["message"]
    assert "helo" in message
    assert "Did you mean" not in message
    assert "hello" not in message


def test_metrics_and_readiness_are_only_on_the_admin_port(
    guarded_router: str, admin_port: int
) -> None:
    admin = f"http://127.0.0.1:{admin_port}"
    for path in ("/metrics", "/ready"):
        assert httpx.get(f"{guarded_router}{path}").status_code == 404, path
        assert httpx.get(f"{admin}{path}").status_code == 200, path
    assert httpx.get(f"{guarded_router}/health").status_code == 200
    assert httpx.get(f"{admin}/health").status_code == 200
    assert httpx.get(f"{admin}/graphql?query=%7Bhello%7D").status_code == 404
    assert "router_http_requests_total" in httpx.get(f"{admin}/metrics").text


def test_production_without_an_admin_port_serves_no_metrics(prod_router: str) -> None:
    assert httpx.get(f"{prod_router}/metrics").status_code == 404
    assert httpx.get(f"{prod_router}/ready").status_code == 404


@pytest.fixture
def raw_connection(guarded_router: str) -> Iterator[socket.socket]:
    host, port = guarded_router.removeprefix("http://").split(":")
    connection = socket.create_connection((host, int(port)), timeout=SOCKET_TIMEOUT)
    yield connection
    connection.close()


def _read_until_closed(connection: socket.socket) -> bytes:
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    return received


def test_a_half_sent_body_gets_408_and_the_connection_is_closed(
    raw_connection: socket.socket,
) -> None:
    raw_connection.sendall(
        b"POST /graphql HTTP/1.1\r\nhost: router\r\ncontent-type: application/json\r\n"
        b"content-length: 100\r\n\r\n" + b'{"query": "{ hel'
    )
    answer = _read_until_closed(raw_connection)
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert b"did not arrive within 1 seconds" in answer


def test_half_sent_headers_get_the_connection_closed(raw_connection: socket.socket) -> None:
    raw_connection.sendall(b"POST /graphql HTTP/1.1\r\nhost: router\r\ncontent-ty")
    assert _read_until_closed(raw_connection) == b""


def test_an_idle_connection_is_closed(raw_connection: socket.socket) -> None:
    assert _read_until_closed(raw_connection) == b""
