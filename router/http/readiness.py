"""``/ready``: probe every subgraph with ``{ __typename }`` and report each one's state."""

from __future__ import annotations

import asyncio

import orjson

from router.errors import SubgraphUnavailable
from router.http.asgi import Send, send_response
from router.http.core import ContextFactory, GraphQLEngine
from router.http.responses import JSON
from router.interfaces import SubgraphTransport

_PROBE = {"query": "query __RouterReadiness { __typename }"}
_TIMEOUT = 2.0


async def send_readiness(
    send: Send,
    engine: GraphQLEngine | None,
    transport: SubgraphTransport,
    new_context: ContextFactory,
) -> None:
    """503 while starting or with any subgraph not ``ok``; 200 otherwise."""
    if engine is None:
        body = {"status": "starting", "subgraphs": {}}
        await send_response(send, 503, [(b"content-type", JSON)], orjson.dumps(body))
        return
    names = list(engine.subgraph_urls)
    context = new_context(headers={}, request_id="readiness-probe", explain=False)
    outcomes = await asyncio.gather(
        *(asyncio.wait_for(transport.fetch(name, _PROBE, context), _TIMEOUT) for name in names),
        return_exceptions=True,
    )
    subgraphs = {name: _probe_state(outcome) for name, outcome in zip(names, outcomes, strict=True)}
    ready = all(state == "ok" for state in subgraphs.values())
    body = {"status": "ready" if ready else "degraded", "subgraphs": subgraphs}
    await send_response(send, 200 if ready else 503, [(b"content-type", JSON)], orjson.dumps(body))


def _probe_state(outcome: object) -> str:
    """``ok`` when the subgraph answered data; why not otherwise (e.g. it refused the call)."""
    if isinstance(outcome, dict):
        if outcome.get("data") is not None:
            return "ok"
        errors = outcome.get("errors")
        first = errors[0] if isinstance(errors, list) and errors else {}
        message = first.get("message") if isinstance(first, dict) else None
        return f"refused: {message or 'no data'}"
    return f"unreachable: {_describe(outcome)}"


def _describe(outcome: object) -> str:
    """The failure kind (the detail is in the transport's log), e.g. ``timeout``."""
    if isinstance(outcome, TimeoutError):
        return "timed out"
    if isinstance(outcome, SubgraphUnavailable):
        return outcome.kind.lower().replace("_", " ")
    return "no answer"
