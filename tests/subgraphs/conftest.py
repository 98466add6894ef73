"""One in-memory mongoeco server per session and each subgraph as a real process."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from tests.support import subgraph_fixtures
from tests.support.accounts import LOGIN, REGISTER, credentials, registration
from tests.support.processes import start_mongoeco
from tests.support.subgraphs import GraphQLClient, RunningSubgraph

# Session fixtures shared with other suites (each conftest gets its own instances).
data_dir = subgraph_fixtures.data_dir
events_subgraph = subgraph_fixtures.events_subgraph
mongo = subgraph_fixtures.mongo
users_subgraph = subgraph_fixtures.users_subgraph


@dataclass(frozen=True)
class Account:
    id: str
    username: str
    token: str


@pytest.fixture(scope="session")
def mongo_uri() -> Iterator[str]:
    process, uri = start_mongoeco("mongoeco-subgraphs")
    yield uri
    process.stop()


@pytest.fixture(scope="session")
def users(users_subgraph: RunningSubgraph) -> GraphQLClient:
    return users_subgraph.client()


@pytest.fixture(scope="session")
def events(events_subgraph: RunningSubgraph) -> GraphQLClient:
    return events_subgraph.client()


def unique_name(prefix: str = "u") -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session")
def new_account(users: GraphQLClient) -> Callable[..., Account]:
    """Register and log in a fresh user (unique name per call)."""

    def create(display_name: str = "Test User") -> Account:
        username = unique_name()
        user = users.data(
            REGISTER,
            registration(username, display_name),
        )["register"]
        token = users.data(LOGIN, credentials(username))["login"]["token"]
        return Account(user["id"], username, token)

    return create


@pytest.fixture(scope="session")
def alice(new_account: Callable[..., Account]) -> Account:
    return new_account("Alice Liddell")


@pytest.fixture(scope="session")
def bob(new_account: Callable[..., Account]) -> Account:
    return new_account("Bob Builder")
