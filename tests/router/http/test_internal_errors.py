"""Unexpected exceptions: a generic 500 body, the trace only in the server log.

Runs the ASGI app in-process with an engine that fails on purpose (the only way to make
the failure deterministic); everything else in this directory goes over real HTTP.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import orjson
import pytest

from router.http.app import create_app
from router.pipeline.operations import OperationCache
from router.settings import RouterSettings


class ExplodingEngine:
    def __init__(self, sdl: str, transport: object, *, plan_cache_size: int, **_: Any) -> None:
        self.subgraph_urls: dict[str, str] = {}
        self.operations = OperationCache(plan_cache_size)

    def prepare(self, document: str, operation_name: str | None) -> Any:
        raise ZeroDivisionError("secret internals")

    async def execute(self, prepared: Any, variables: dict[str, Any], context: Any) -> Any:
        raise AssertionError("unreachable")

    def warm_from(self, previous: OperationCache, limit: int) -> int:
        raise AssertionError("unreachable")

    def execute_incremental(self, parsed: Any, variables: dict[str, Any], context: Any) -> None:
        raise AssertionError("unreachable")

    async def subscribe(self, parsed: Any, variables: dict[str, Any], context: Any) -> Any:
        raise AssertionError("unreachable")


async def _call(app: Any, body: bytes) -> tuple[int, dict[str, str], bytes]:
    sent: list[dict[str, Any]] = []
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/graphql",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json")],
    }
    await app(scope, receive, send)
    headers = {name.decode(): value.decode() for name, value in sent[0]["headers"]}
    return sent[0]["status"], headers, sent[1]["body"]


async def test_unexpected_exception_is_generic_500(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    supergraph = tmp_path / "supergraph.graphql"
    supergraph.write_text("type Query { a: Int }")
    app = create_app(
        RouterSettings(supergraph=supergraph, graphiql=False),
        engine_factory=ExplodingEngine,
        context_factory=dict,
    )
    await app.startup()
    try:
        with caplog.at_level(logging.ERROR, logger="router.http"):
            status, headers, body = await _call(app, b'{"query": "{ a }"}')
    finally:
        await app.shutdown()
    assert status == 500
    assert orjson.loads(body) == {
        "errors": [
            {"message": "Internal server error", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}
        ]
    }
    assert b"secret" not in body
    assert headers["x-request-id"] in caplog.text
    assert "ZeroDivisionError" in caplog.text
