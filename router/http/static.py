"""GraphiQL's static assets: ETag, gzip and HEAD."""

from __future__ import annotations

import orjson

from plumbing.graphiql import GraphiQL
from router.http.asgi import RawHeaders, Scope, Send, header_map, send_response
from router.http.errors import error_body
from router.http.responses import JSON


async def serve_asset(scope: Scope, send: Send, graphiql: GraphiQL) -> None:
    asset = graphiql.asset(scope["path"])
    if asset is None or scope["method"] not in ("GET", "HEAD"):
        body = orjson.dumps(error_body("Not found.", "NOT_FOUND"))
        await send_response(send, 404, [(b"content-type", JSON)], body)
        return
    headers = header_map(scope["headers"])
    raw_headers: RawHeaders = [
        (b"content-type", asset.content_type),
        (b"etag", asset.etag),
        (b"cache-control", b"public, max-age=3600"),
        (b"vary", b"accept-encoding"),
    ]
    if headers.get("if-none-match") == asset.etag.decode():
        await send_response(send, 304, raw_headers, b"")
        return
    body = asset.body
    if "gzip" in headers.get("accept-encoding", ""):
        body = asset.gzipped
        raw_headers.append((b"content-encoding", b"gzip"))
    if scope["method"] == "HEAD":
        raw_headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": raw_headers})
        await send({"type": "http.response.body", "body": b""})
        return
    await send_response(send, 200, raw_headers, body)
