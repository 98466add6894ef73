"""Subscriptions over GraphQL over SSE (distinct-connections mode): one ``text/event-stream``
response per subscription, ``event: next`` per event, ``:`` comment lines as keep-alives,
``event: complete`` at the end."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import orjson

from router.http.core import GraphQLEngine
from router.http.responses import JSON, Response
from router.http.streams import StreamFormat, single
from router.interfaces import RequestContext
from router.pipeline.parse import ParsedOperation
from router.subscriptions.service import Subscriptions, with_final_errors


async def subscription_over_sse(
    subscriptions: Subscriptions,
    engine: GraphQLEngine,
    parsed: ParsedOperation,
    variables: dict[str, Any],
    context: RequestContext,
) -> Response:
    """The event stream of a subscription; 429 when the caller holds too many already."""
    refusal = subscriptions.refusal(context)
    if refusal is not None:
        body = {"errors": [refusal]}
        return Response(429, orjson.dumps(body), JSON, errors=body["errors"])
    outcome = await engine.subscribe(parsed, variables, context)
    payloads: AsyncIterator[dict[str, Any] | None]
    if isinstance(outcome, dict):
        payloads = single(outcome)
    else:
        payloads = with_final_errors(subscriptions.stream(outcome, context, keepalive=True))
    sse = StreamFormat.EVENT_STREAM
    headers = ((b"cache-control", b"no-cache"),)
    return Response(200, b"", sse.content_type, headers, stream=sse.body(payloads))
