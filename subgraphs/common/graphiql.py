"""GraphiQL for subgraphs, from the project's vendored assets (no CDN).

The page and assets are the same ones the router serves (``plumbing.graphiql`` and
``plumbing/static``, vendored from pinned npm packages by ``devtools/node/vendor-graphiql.mjs``).
"""

from __future__ import annotations

from functools import cache

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response

from plumbing.graphiql import STATIC_PREFIX, GraphiQL


@cache
def _graphiql(endpoint: str) -> GraphiQL:
    return GraphiQL(endpoint)


def render_graphiql(endpoint: str) -> HTMLResponse:
    """The GraphiQL page for ``endpoint``."""
    return HTMLResponse(_graphiql(endpoint).page.decode())


def add_graphiql_assets(app: FastAPI) -> None:
    """Serve the vendored GraphiQL assets under the path the page references."""

    @app.get(STATIC_PREFIX + "{name}", include_in_schema=False)
    async def graphiql_asset(name: str) -> Response:
        asset = _graphiql("/graphql").asset(STATIC_PREFIX + name)
        if asset is None:
            return Response(status_code=404)
        return Response(
            asset.body,
            media_type=asset.content_type.decode(),
            headers={"ETag": asset.etag.decode(), "Cache-Control": "public, max-age=86400"},
        )
