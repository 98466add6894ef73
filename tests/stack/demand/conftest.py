"""One real stack whose router reaches every subgraph through a counting proxy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.stack.fuzz.platform import Platform
from tests.support.counting_proxy import CountingProxy
from tests.webapp.stack import SUBGRAPHS, start_stack


@pytest.fixture(scope="package")
def proxy() -> Iterator[CountingProxy]:
    running = CountingProxy().start()
    yield running
    running.stop()


@pytest.fixture(scope="package")
def platform(tmp_path_factory: pytest.TempPathFactory, proxy: CountingProxy) -> Iterator[Platform]:
    stack = start_stack(
        tmp_path_factory.mktemp("demand"),
        with_webapp=False,
        router_subgraph_urls={name: proxy.url(name) for name in SUBGRAPHS},
    )
    proxy.targets = {name: running.graphql_url for name, running in stack.subgraphs.items()}
    running = Platform(stack)
    try:
        yield running
    finally:
        running.close()
        stack.stop()
