"""The whole platform (no web app) for live-update tests through the router."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.stack.faults.platform import FaultPlatform


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultPlatform]:
    running = FaultPlatform.start(tmp_path_factory.mktemp("live-stack"))
    try:
        yield running
    finally:
        running.stop()
