"""One in-memory mongoeco server per session and each subgraph as a real process."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymongo
import pytest

from tests.support.processes import start_mongoeco
from tests.support.subgraphs import GraphQLClient, RunningSubgraph, start_subgraph

REGISTER = """
mutation($input: RegisterInput!) { register(input: $input) { id username } }
"""
LOGIN = """
mutation($username: String!, $password: String!) {
  login(username: $username, password: $password) { token expiresAt user { id } }
}
"""
PASSWORD = "correct horse battery"


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
            {
                "input": {
                    "username": username,
                    "email": f"{username}@example.org",
                    "password": PASSWORD,
                    "displayName": display_name,
                }
            },
        )["register"]
        token = users.data(LOGIN, {"username": username, "password": PASSWORD})["login"]["token"]
        return Account(user["id"], username, token)

    return create


@pytest.fixture(scope="session")
def alice(new_account: Callable[..., Account]) -> Account:
    return new_account("Alice Liddell")


@pytest.fixture(scope="session")
def bob(new_account: Callable[..., Account]) -> Account:
    return new_account("Bob Builder")
