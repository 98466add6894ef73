"""Our own schema's marks, end to end: mongoeco, the five subgraphs and the router (with our
named rules) as real processes. Each marked argument pointing at a missing (or invisible)
entity is refused with REFERENCE_NOT_FOUND and nothing is written."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.support.subgraphs import only_error
from tests.webapp.stack import start_stack

MISSING_ID = "0123456789abcdef01234567"  # well-formed ObjectId that names nothing
INVITE = "mutation($e: ID!, $u: ID!) { invite(eventId: $e, inviteeId: $u) { id } }"
JOIN = "mutation($e: ID!) { joinEvent(eventId: $e) { id } }"
SHARE = "mutation($g: ID!) { shareCalendar(granteeId: $g, level: DETAILS) { level } }"
INBOX = "{ myInvitations(status: null) { nodes { id } } }"
EVENT_INVITATIONS = "query($id: ID!) { event(id: $id) { invitations { nodes { id } } } }"
MY_PARTICIPATIONS = "{ myParticipations { nodes { id } } }"
SHARES_GIVEN = "{ sharesGiven { nodes { level } } }"


@dataclass(frozen=True)
class RouterClient:
    """A client of the router: GraphQL over HTTP with the user's own bearer token."""

    url: str
    token: str | None = None

    def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = httpx.post(
            self.url,
            json={"query": query, "variables": variables or {}},
            headers=headers,
            timeout=30.0,
        )
        body: dict[str, Any] = response.json()
        return body

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = self.execute(query, variables)
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data

    def person(self, label: str) -> RouterClient:
        """Register and log in a new user; returns a client carrying their token."""
        username = f"{label}{uuid.uuid4().hex[:10]}"
        password = "correct horse battery"
        self.data(
            "mutation($input: RegisterInput!) { register(input: $input) { id } }",
            {
                "input": {
                    "username": username,
                    "email": f"{username}@example.org",
                    "password": password,
                    "displayName": label.title(),
                }
            },
        )
        login = self.data(
            "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }",
            {"u": username, "p": password},
        )
        return RouterClient(self.url, login["login"]["token"])


def user_id(client: RouterClient) -> str:
    me: str = client.data("{ me { id } }")["me"]["id"]
    return me


def new_event(owner: RouterClient, *, public: bool) -> str:
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    created = owner.data(
        "mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }",
        {
            "input": {
                "title": "Reference check",
                "startsAt": start.isoformat(),
                "endsAt": (start + timedelta(hours=1)).isoformat(),
                "isPublic": public,
            }
        },
    )
    event_id: str = created["createEvent"]["id"]
    return event_id


@pytest.fixture(scope="module")
def router(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RouterClient]:
    stack = start_stack(tmp_path_factory.mktemp("router-references"), with_webapp=False)
    try:
        yield RouterClient(stack.router_url)
    finally:
        stack.stop()


def assert_not_found(body: dict[str, Any], field: str, argument: str, type_name: str) -> None:
    assert body["data"] is None, body
    error = only_error(body)
    assert error["path"] == [field]
    assert error["extensions"] == {
        "code": "REFERENCE_NOT_FOUND",
        "argument": argument,
        "type": type_name,
    }


def test_invite_needs_an_existing_event_and_invitee(router: RouterClient) -> None:
    alice, bob = router.person("alice"), router.person("bob")
    event = new_event(alice, public=True)
    bob_id = user_id(bob)

    no_event = alice.execute(INVITE, {"e": MISSING_ID, "u": bob_id})
    assert_not_found(no_event, "invite", "eventId", "Event")
    assert only_error(no_event)["message"] == f'No Event with id "{MISSING_ID}" exists.'
    assert_not_found(
        alice.execute(INVITE, {"e": event, "u": MISSING_ID}), "invite", "inviteeId", "User"
    )
    assert_not_found(
        alice.execute(INVITE, {"e": event, "u": "not-an-id"}), "invite", "inviteeId", "User"
    )
    assert bob.data(INBOX)["myInvitations"]["nodes"] == []
    assert alice.data(EVENT_INVITATIONS, {"id": event})["event"]["invitations"]["nodes"] == []

    invited = alice.execute(INVITE, {"e": event, "u": bob_id})  # control: both exist
    assert "errors" not in invited, invited
    assert len(bob.data(INBOX)["myInvitations"]["nodes"]) == 1


def test_join_needs_an_event_the_caller_can_see(router: RouterClient) -> None:
    owner, carol = router.person("owner"), router.person("carol")
    private = new_event(owner, public=False)
    public = new_event(owner, public=True)

    assert_not_found(carol.execute(JOIN, {"e": MISSING_ID}), "joinEvent", "eventId", "Event")
    assert_not_found(carol.execute(JOIN, {"e": private}), "joinEvent", "eventId", "Event")
    assert carol.data(MY_PARTICIPATIONS)["myParticipations"]["nodes"] == []

    joined = carol.execute(JOIN, {"e": public})  # control
    assert "errors" not in joined, joined
    assert len(carol.data(MY_PARTICIPATIONS)["myParticipations"]["nodes"]) == 1


def test_share_needs_an_existing_grantee(router: RouterClient) -> None:
    dave, erin = router.person("dave"), router.person("erin")

    refused = dave.execute(SHARE, {"g": MISSING_ID})
    assert_not_found(refused, "shareCalendar", "granteeId", "User")
    assert dave.data(SHARES_GIVEN)["sharesGiven"]["nodes"] == []

    shared = dave.execute(SHARE, {"g": user_id(erin)})  # control
    assert "errors" not in shared, shared
    assert dave.data(SHARES_GIVEN)["sharesGiven"]["nodes"] == [{"level": "DETAILS"}]
