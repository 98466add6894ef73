"""Federation surface: ``_service { sdl }`` and batched ``_entities``.

Batching is proven with MongoDB's own profiler (``profile`` level 2 and ``system.profile``,
which mongoeco implements): no test-only code paths in the subgraphs, and the count is of the
queries the database actually received.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pymongo
import pytest

from tests.subgraphs.conftest import Account
from tests.subgraphs.test_events import create
from tests.support.subgraphs import GraphQLClient, RunningSubgraph

type Mongo = pymongo.MongoClient[dict[str, Any]]

ENTITIES = "query($reps: [_Any!]!) { _entities(representations: $reps) { %s } }"


class Profiler:
    """Counts the ``find`` commands one database receives while profiling is on."""

    def __init__(self, mongo: Mongo, database: str, collection: str) -> None:
        self._db = mongo[database]
        self._collection = collection

    def _finds(self) -> list[dict[str, Any]]:
        return [
            entry
            for entry in self._db["system.profile"].find()
            if entry.get("op") == "query"
            and entry.get("command", {}).get("find") == self._collection
        ]

    def __enter__(self) -> Profiler:
        self._db.command("profile", 2)
        self._before = len(self._finds())
        return self

    def __exit__(self, *_: object) -> None:
        self._db.command("profile", 0)

    def finds_since_start(self) -> list[dict[str, Any]]:
        return self._finds()[self._before :]


@pytest.mark.parametrize("name", ["users", "events"])
def test_service_sdl_declares_federation_v2(
    name: str, users_subgraph: RunningSubgraph, events_subgraph: RunningSubgraph
) -> None:
    subgraph = users_subgraph if name == "users" else events_subgraph
    sdl = subgraph.client().data("{ _service { sdl } }")["_service"]["sdl"]

    assert '@link(url: "https://specs.apollo.dev/federation/v2.9"' in sdl
    assert 'type User @key(fields: "id")' in sdl
    assert "type PageInfo @shareable" in sdl
    assert "@authenticated" in sdl
    if name == "events":
        assert 'type Event @key(fields: "id")' in sdl
        assert "union _Entity = Event | User" in sdl


@pytest.fixture
def profiled_users(mongo: Mongo) -> Iterator[Profiler]:
    with Profiler(mongo, "users", "users") as profiler:
        yield profiler


@pytest.fixture
def profiled_events(mongo: Mongo) -> Iterator[Profiler]:
    with Profiler(mongo, "events", "events") as profiler:
        yield profiler


def test_user_entities_resolve_in_order_with_one_query(
    users: GraphQLClient,
    new_account: Callable[..., Account],
    alice: Account,
    profiled_users: Profiler,
) -> None:
    first, second = new_account(), new_account()
    representations = [
        {"__typename": "User", "id": first.id},
        {"__typename": "User", "id": "f" * 24},
        {"__typename": "User", "id": second.id},
        {"__typename": "User", "id": "malformed"},
        {"__typename": "User", "id": first.id},
    ]
    query = ENTITIES % "... on User { id username }"
    before = len(profiled_users.finds_since_start())

    found = users.with_token(alice.token).data(query, {"reps": representations})["_entities"]

    assert found == [
        {"id": first.id, "username": first.username},
        None,
        {"id": second.id, "username": second.username},
        None,
        {"id": first.id, "username": first.username},
    ]
    finds = profiled_users.finds_since_start()[before:]
    assert len(finds) == 1, finds
    assert "$in" in str(finds[0]["command"]["filter"])


def test_event_entities_resolve_in_order_with_one_query(
    events: GraphQLClient, alice: Account, bob: Account, profiled_events: Profiler
) -> None:
    mine = create(events, alice, title="alice private")
    public = create(events, bob, title="bob public", isPublic=True)
    hidden = create(events, bob, title="bob private")
    representations = [
        {"__typename": "Event", "id": public["id"]},
        {"__typename": "Event", "id": "e" * 24},
        {"__typename": "User", "id": bob.id},
        {"__typename": "Event", "id": mine["id"]},
        {"__typename": "Event", "id": hidden["id"]},
    ]
    query = ENTITIES % "... on Event { title owner { id } } ... on User { id }"
    before = len(profiled_events.finds_since_start())

    found = events.with_token(alice.token).data(query, {"reps": representations})["_entities"]

    assert found == [
        {"title": "bob public", "owner": {"id": bob.id}},
        None,
        {"id": bob.id},
        {"title": "alice private", "owner": {"id": alice.id}},
        None,  # private to bob
    ]
    finds = profiled_events.finds_since_start()[before:]
    assert len(finds) == 1, finds
    assert "$in" in str(finds[0]["command"]["filter"])
