"""One real stack for the fuzz tests (mongoeco, five subgraphs, the router with our rules), a
fuzzing user with some data, and a check that the router outlived every test module."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from graphql import GraphQLSchema, build_client_schema, get_introspection_query

from tests.stack.fuzz.platform import Person, Platform, running_platform

CURSORS = """{
  publicEvents { edges { cursor } }
  myEvents { edges { cursor } }
  myInvitations { edges { cursor } }
}"""
INVITE = "mutation($e: ID!, $u: ID!) { invite(eventId: $e, inviteeId: $u) { id } }"


@dataclass(frozen=True)
class World:
    """Who fuzzes, and ids of real objects for the generated arguments to hit."""

    fuzzer: Person
    other: Person
    ids: tuple[str, ...]
    cursors: tuple[str, ...]


@pytest.fixture(scope="package")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    with running_platform(tmp_path_factory.mktemp("fuzz")) as running:
        yield running


@pytest.fixture(scope="package")
def api_schema(platform: Platform) -> GraphQLSchema:
    """The API schema as clients see it: introspected from the running router."""
    introspection: Any = platform.data(get_introspection_query())
    return build_client_schema(introspection)


@pytest.fixture(scope="package")
def world(platform: Platform) -> World:
    fuzzer, other = platform.new_person("fuzzer"), platform.new_person("other")
    own_public = platform.new_event(fuzzer, public=True)
    own_private = platform.new_event(fuzzer, public=False)
    their_private = platform.new_event(other, public=False)
    their_public = platform.new_event(other, public=True)
    invitation = platform.data(INVITE, {"e": their_public, "u": fuzzer.id}, other.token)
    ids = (
        fuzzer.id,
        other.id,
        own_public,
        own_private,
        their_private,
        their_public,
        invitation["invite"]["id"],
    )
    pages = platform.data(CURSORS, token=fuzzer.token)
    cursors = tuple(edge["cursor"] for connection in pages.values() for edge in connection["edges"])
    return World(fuzzer, other, ids, cursors)


@pytest.fixture(scope="module", autouse=True)
def router_survives(platform: Platform) -> Iterator[None]:
    yield
    assert platform.router_alive(), platform.stack.processes[-1].log_tail()
