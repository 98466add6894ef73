"""One platform for the fault tests (mongoeco on SQLite, five subgraphs, the router) and a
small world in it: alice invites bob to her private event, bob accepts (so he participates)
and alice shares her calendar with him."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.stack.faults.platform import FaultPlatform
from tests.support.accounts import LOGIN, REGISTER, credentials, registration

CREATE_EVENT = "mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }"
INVITE = "mutation($e: ID!, $u: ID!) { invite(eventId: $e, inviteeId: $u) { id } }"
ACCEPT = "mutation($id: ID!) { respondToInvitation(id: $id, status: ACCEPTED) { id } }"
SHARE = "mutation($u: ID!) { shareCalendar(granteeId: $u, level: DETAILS) { id } }"


@dataclass(frozen=True)
class Person:
    id: str
    username: str
    token: str


@dataclass(frozen=True)
class World:
    alice: Person
    bob: Person
    event_id: str
    invitation_id: str


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultPlatform]:
    running = FaultPlatform.start(tmp_path_factory.mktemp("faults"))
    yield running
    running.stop()


def _person(platform: FaultPlatform, label: str) -> Person:
    username = f"{label}{uuid.uuid4().hex[:8]}"
    registered = platform.data(
        REGISTER,
        registration(username, label.title()),
    )
    token = platform.data(LOGIN, credentials(username))["login"]["token"]
    return Person(registered["register"]["id"], username, token)


def new_event(platform: FaultPlatform, owner: Person, title: str, *, public: bool) -> str:
    event = {
        "title": title,
        "startsAt": "2027-03-01T10:00:00Z",
        "endsAt": "2027-03-01T11:00:00Z",
        "isPublic": public,
    }
    created = platform.data(CREATE_EVENT, {"input": event}, owner.token)
    event_id: str = created["createEvent"]["id"]
    return event_id


@pytest.fixture(scope="session")
def world(platform: FaultPlatform) -> World:
    alice, bob = _person(platform, "alice"), _person(platform, "bob")
    event_id = new_event(platform, alice, "Private planning", public=False)
    invited = platform.data(INVITE, {"e": event_id, "u": bob.id}, alice.token)
    invitation_id: str = invited["invite"]["id"]
    platform.data(ACCEPT, {"id": invitation_id}, bob.token)
    platform.data(SHARE, {"u": bob.id}, alice.token)
    return World(alice, bob, event_id, invitation_id)
