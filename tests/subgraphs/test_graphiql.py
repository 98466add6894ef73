"""Each subgraph serves GraphiQL at /graphql with its assets from our own server (no CDN)."""

from __future__ import annotations

import re

import httpx

from tests.support.subgraphs import RunningSubgraph


def test_graphiql_page_and_its_assets_are_served_locally(
    events_subgraph: RunningSubgraph,
) -> None:
    page = httpx.get(f"{events_subgraph.url}/graphql", headers={"Accept": "text/html"})

    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    sources = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', page.text)
    assert sources, "the page references no scripts or stylesheets"
    for source in sources:
        assert source.startswith("/"), f"{source} is not served by the subgraph itself"
        asset = httpx.get(f"{events_subgraph.url}{source}")
        assert asset.status_code == 200, source
        assert asset.content
