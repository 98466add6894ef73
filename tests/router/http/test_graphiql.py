"""GraphiQL: served to browsers from vendored local assets (no CDN)."""

from __future__ import annotations

import gzip
import re

import httpx
import pytest

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def page(dev_router: str) -> httpx.Response:
    return httpx.get(f"{dev_router}/graphql", headers={"accept": BROWSER_ACCEPT})


def test_browser_gets_graphiql_page(page: httpx.Response) -> None:
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "graphiql" in page.text
    assert "unpkg" not in page.text and "cdn" not in page.text.lower()


def test_page_assets_load_with_their_content_types(dev_router: str, page: httpx.Response) -> None:
    sources = re.findall(r'(?:src|href)="(/static/graphiql/[^"]+)"', page.text)
    assert len(sources) == 6
    for source in sources:
        response = httpx.get(f"{dev_router}{source}", headers={"accept-encoding": "identity"})
        assert response.status_code == 200, source
        expected = "text/css" if source.endswith(".css") else "text/javascript"
        assert response.headers["content-type"] == f"{expected}; charset=utf-8"
        assert len(response.content) > 50


def test_assets_are_gzipped_and_cacheable(dev_router: str) -> None:
    url = f"{dev_router}/static/graphiql/graphiql.min.js"
    plain = httpx.get(url, headers={"accept-encoding": "identity"})
    with httpx.stream("GET", url, headers={"accept-encoding": "gzip"}) as response:
        compressed = b"".join(response.iter_raw())
        assert response.headers["content-encoding"] == "gzip"
    assert gzip.decompress(compressed) == plain.content
    not_modified = httpx.get(url, headers={"if-none-match": plain.headers["etag"]})
    assert not_modified.status_code == 304


def test_graphql_get_with_query_is_not_graphiql(dev_router: str) -> None:
    response = httpx.get(
        f"{dev_router}/graphql",
        params={"query": "{ hello }"},
        headers={"accept": "text/html, application/json;q=0.9", "graphql-preflight": "1"},
    )
    assert response.json() == {"data": {"hello": "world"}}
