"""One real platform (mongoeco, subgraphs, router, web app) for the recurrence, feed and
import scenarios."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.stack.sessions.conftest import Api
from tests.stack.sessions.test_webapp import Browser
from tests.webapp.stack import Stack, start_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = start_stack(tmp_path_factory.mktemp("recurrence-stack"))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def api(stack: Stack) -> Api:
    return Api(stack.router_url)


@pytest.fixture
def browser(stack: Stack) -> Iterator[Browser]:
    client = Browser(stack.webapp_url)
    yield client
    client.http.close()
