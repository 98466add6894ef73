"""Session fixtures for suites that run the users and events subgraphs as real processes.

A suite's ``conftest.py`` imports the ones it needs and defines its own ``mongo_uri``; each
conftest that imports them gets its own instances.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pymongo
import pytest

from tests.support.subgraphs import RunningSubgraph, start_subgraph

__all__ = ["data_dir", "events_subgraph", "mongo", "users_subgraph"]


@pytest.fixture(scope="session")
def mongo(mongo_uri: str) -> Iterator[pymongo.MongoClient[dict[str, Any]]]:
    """Direct access, to check what was (not) stored."""
    client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(mongo_uri, tz_aware=True)
    yield client
    client.close()


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("subgraph-data")


@pytest.fixture(scope="session")
def users_subgraph(mongo_uri: str, data_dir: Path) -> Iterator[RunningSubgraph]:
    running = start_subgraph("users", mongo_uri, data_dir=data_dir)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def events_subgraph(
    mongo_uri: str, data_dir: Path, users_subgraph: RunningSubgraph
) -> Iterator[RunningSubgraph]:
    running = start_subgraph(
        "events", mongo_uri, {"JWKS_URL": users_subgraph.jwks_url}, data_dir=data_dir
    )
    yield running
    running.stop()
