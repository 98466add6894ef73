"""A users subgraph with small login-throttling limits, over an in-memory mongoeco."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import subgraph_fixtures
from tests.support.processes import start_mongoeco
from tests.support.subgraphs import GraphQLClient, RunningSubgraph, start_subgraph

# Session fixtures shared with other suites (each conftest gets its own instances).
mongo = subgraph_fixtures.mongo


PAIR_FREE_FAILURES = 3
ACCOUNT_FREE_FAILURES = 5
CLIENT_FREE_FAILURES = 8
FIRST_DELAY_SECONDS = 60
MAX_DELAY_SECONDS = 600
WINDOW_SECONDS = 900
REGISTRATIONS_PER_CLIENT = 3
REGISTRATION_WINDOW_SECONDS = 1800

THROTTLING_ENV = {
    "USERS_LOGIN_FREE_FAILURES": str(PAIR_FREE_FAILURES),
    "USERS_LOGIN_ACCOUNT_FREE_FAILURES": str(ACCOUNT_FREE_FAILURES),
    "USERS_LOGIN_CLIENT_FREE_FAILURES": str(CLIENT_FREE_FAILURES),
    "USERS_LOGIN_FIRST_DELAY_SECONDS": str(FIRST_DELAY_SECONDS),
    "USERS_LOGIN_MAX_DELAY_SECONDS": str(MAX_DELAY_SECONDS),
    "USERS_LOGIN_FAILURE_WINDOW_SECONDS": str(WINDOW_SECONDS),
    "USERS_REGISTRATION_CLIENT_MAX": str(REGISTRATIONS_PER_CLIENT),
    "USERS_REGISTRATION_WINDOW_SECONDS": str(REGISTRATION_WINDOW_SECONDS),
}


@pytest.fixture(scope="session")
def mongo_uri() -> Iterator[str]:
    process, uri = start_mongoeco("mongoeco-users-throttling")
    yield uri
    process.stop()


@pytest.fixture(scope="session")
def throttling_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("users-throttling")


@pytest.fixture(scope="session")
def users_subgraph(mongo_uri: str, throttling_data_dir: Path) -> Iterator[RunningSubgraph]:
    running = start_subgraph("users", mongo_uri, THROTTLING_ENV, data_dir=throttling_data_dir)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def users(users_subgraph: RunningSubgraph) -> GraphQLClient:
    return users_subgraph.client()


@pytest.fixture(scope="session")
def second_instance(
    mongo_uri: str, throttling_data_dir: Path, users_subgraph: RunningSubgraph
) -> Iterator[GraphQLClient]:
    """Another users subgraph process on the same database and keys (a replica, a restart)."""
    running = start_subgraph("users", mongo_uri, THROTTLING_ENV, data_dir=throttling_data_dir)
    yield running.client()
    running.stop()
