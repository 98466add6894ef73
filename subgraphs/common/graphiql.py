"""GraphiQL page for subgraphs, loading its assets from the project's vendored copy."""

from __future__ import annotations

from fastapi.responses import HTMLResponse
from strawberry.http.ides import get_graphql_ide_html


def render_graphiql(endpoint: str) -> HTMLResponse:
    """Strawberry's GraphiQL page (placeholder until the vendored assets are wired in)."""
    del endpoint
    return HTMLResponse(get_graphql_ide_html("graphiql"))
