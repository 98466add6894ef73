"""Test harness: fixture supergraphs composed with the pinned composer, engines over in-process
subgraphs, identities and expected errors."""

from __future__ import annotations

import shutil
from functools import cache
from typing import Any

import pytest

from devtools.composer import compose_directory
from router.authorization import PolicyEvaluator
from router.engine import Engine
from router.interfaces import Identity, RequestContext
from tests.router.authorization.subgraphs import FIXTURES, authz_schemas
from tests.router.engine.local_subgraphs import InProcessTransport

ANONYMOUS = RequestContext(headers={}, request_id="anonymous")


@cache
def composed(fixture: str) -> str:
    """The supergraph of `fixtures/<fixture>/subgraphs`, composed once per session."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    return compose_directory(FIXTURES / fixture / "subgraphs")


def caller(*scopes: str, **claims: Any) -> RequestContext:
    """A request from an authenticated identity with these scopes and claims."""
    identity = Identity(subject="u1", scopes=frozenset(scopes), claims=claims)
    return RequestContext(headers={}, request_id="user", identity=identity)


def authz_engine(
    sdl: str | None = None, evaluator: PolicyEvaluator | None = None
) -> tuple[Engine, InProcessTransport]:
    """An engine over the `authz` subgraphs (optionally with another supergraph text)."""
    transport = InProcessTransport(authz_schemas())
    engine = Engine(sdl or composed("authz"), transport, policy_evaluator=evaluator)
    return engine, transport


async def run(engine: Engine, query: str, context: RequestContext = ANONYMOUS) -> dict[str, Any]:
    """Execute `query` for `context` and return the response body."""
    return await engine.execute(engine.prepare(query, None), None, context)


def unauthorized(*path: str | int) -> dict[str, Any]:
    """The error expected for a removed field at `path`."""
    return {
        "message": "Unauthorized field or type",
        "path": list(path),
        "extensions": {"code": "UNAUTHORIZED_FIELD_OR_TYPE"},
    }


def sent_queries(transport: InProcessTransport, subgraph: str | None = None) -> list[str]:
    """The GraphQL documents sent to `subgraph` (or to any subgraph), in order."""
    return [body["query"] for name, body in transport.calls if subgraph in (None, name)]
