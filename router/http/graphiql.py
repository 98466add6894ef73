"""Whether a ``GET /graphql`` is a browser asking for GraphiQL rather than a query."""

from __future__ import annotations

from collections.abc import Mapping

from router.http.asgi import Scope
from router.http.media import ResponseMedia, preferences
from router.http.params import has_query_parameter

PAGE_CONTENT_TYPE = b"text/html; charset=utf-8"


def wants_graphiql(scope: Scope, headers: Mapping[str, str]) -> bool:
    """HTML is the first preference and there is no ``query`` parameter."""
    preferred = preferences(headers.get("accept"))
    return (
        bool(preferred)
        and preferred[0] is ResponseMedia.HTML
        and not has_query_parameter(scope["query_string"])
    )
