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


ACCOUNT_MAX_FAILURES = 3
CLIENT_MAX_FAILURES = 5
LOCKOUT_SECONDS = 600
REGISTRATIONS_PER_CLIENT = 3
REGISTRATION_WINDOW_SECONDS = 1800

THROTTLING_ENV = {
    "USERS_LOGIN_ACCOUNT_MAX_FAILURES": str(ACCOUNT_MAX_FAILURES),
    "USERS_LOGIN_CLIENT_MAX_FAILURES": str(CLIENT_MAX_FAILURES),
    "USERS_LOGIN_FAILURE_WINDOW_SECONDS": "600",
    "USERS_LOGIN_LOCKOUT_SECONDS": str(LOCKOUT_SECONDS),
    "USERS_REGISTRATION_CLIENT_MAX": str(REGISTRATIONS_PER_CLIENT),
    "USERS_REGISTRATION_WINDOW_SECONDS": str(REGISTRATION_WINDOW_SECONDS),
}


@pytest.fixture(scope="session")
def mongo_uri() -> Iterator[str]:
    process, uri = start_mongoeco("mongoeco-users-throttling")
    yield uri
    process.stop()


@pytest.fixture(scope="session")
def users_subgraph(
    mongo_uri: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningSubgraph]:
    data_dir: Path = tmp_path_factory.mktemp("users-throttling")
    running = start_subgraph("users", mongo_uri, THROTTLING_ENV, data_dir=data_dir)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def users(users_subgraph: RunningSubgraph) -> GraphQLClient:
    return users_subgraph.client()
