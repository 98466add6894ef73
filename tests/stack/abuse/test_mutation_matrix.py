"""The mutation side of the visibility matrix: nobody changes another user's data.

Each write on someone else's event, invitation, participation, calendar share or profile, by
each kind of other user (invitee, participant, holders of a DETAILS or FREE_BUSY share,
stranger, anonymous), is refused with a stable code; then everything is read back as its
owner(s) and must be exactly as before.

tests/middleman/test_rules.py covers one actor per rule (e.g. "other" updates an event); this
extends it to every actor and every mutation, and checks the data afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.stack.fuzz.platform import Person, Platform
from tests.stack.fuzz.properties import error_codes, graphql_body
from tests.support.accounts import LOGIN, REGISTER, credentials

INVITE = "mutation($e: ID!, $u: ID!) { invite(eventId: $e, inviteeId: $u) { id } }"
RESPOND = """mutation($id: ID!, $s: InvitationStatus!) {
  respondToInvitation(id: $id, status: $s) { id status }
}"""
REVOKE = "mutation($g: ID!) { revokeShare(granteeId: $g) }"
SHARE = "mutation($g: ID!, $l: ShareLevel!) { shareCalendar(granteeId: $g, level: $l) { id } }"

EVENT_STATE = """query($id: ID!) {
  event(id: $id) {
    id title description isPublic startsAt endsAt timeZone allDay updatedAt
    invitations { nodes { id status invitee { id } } }
    participants { nodes { user { id } } }
  }
}"""
OWNER_STATE = """{
  me { id displayName timeZone email }
  sharesGiven { nodes { id level updatedAt grantee { id } } }
}"""
INBOX_STATE = "{ myInvitations(status: null) { nodes { id status event { id } } } }"
JOINED_STATE = "{ myParticipations { nodes { event { id } } } }"
RECEIVED_STATE = "{ sharesReceived { nodes { id level owner { id } } } }"
SEES = "query($id: ID!) { event(id: $id) { id title access } }"

ACTORS = ("invitee", "participant", "details", "free_busy", "stranger", "anonymous")
INTERNAL = "GRAPHQL_VALIDATION_FAILED"  # @inaccessible: not even in the API schema


@dataclass
class World:
    people: dict[str, Person]
    private: str
    public: str
    invitations: dict[str, str]  # invitee / participant -> their invitation to the private event

    @property
    def owner(self) -> Person:
        return self.people["owner"]

    def token(self, actor: str) -> str | None:
        person = self.people.get(actor)
        return person.token if person else None


@pytest.fixture(scope="module")
def world(platform: Platform) -> World:
    people = {name: platform.new_person(name[:9]) for name in ("owner", *ACTORS[:-1])}
    owner = people["owner"]
    private = platform.new_event(owner, public=False)
    public = platform.new_event(owner, public=True)
    invitations = {}
    for guest in ("invitee", "participant"):
        invited = platform.data(INVITE, {"e": private, "u": people[guest].id}, owner.token)
        invitations[guest] = invited["invite"]["id"]
    accepted = {"id": invitations["participant"], "s": "ACCEPTED"}
    platform.data(RESPOND, accepted, people["participant"].token)
    for grantee, level in (("details", "DETAILS"), ("free_busy", "FREE_BUSY")):
        platform.data(SHARE, {"g": people[grantee].id, "l": level}, owner.token)
    return World(people, private, public, invitations)


def snapshot(platform: Platform, world: World) -> dict[str, Any]:
    """Everything the attempts could touch, read by the people it belongs to."""
    owner = world.owner.token
    return {
        "private": platform.data(EVENT_STATE, {"id": world.private}, owner),
        "public": platform.data(EVENT_STATE, {"id": world.public}, owner),
        "owner": platform.data(OWNER_STATE, token=owner),
        "inbox": platform.data(INBOX_STATE, token=world.token("invitee")),
        "joined": platform.data(JOINED_STATE, token=world.token("participant")),
        "details": platform.data(RECEIVED_STATE, token=world.token("details")),
        "free_busy": platform.data(RECEIVED_STATE, token=world.token("free_busy")),
    }


@pytest.fixture(scope="module")
def baseline(platform: Platform, world: World) -> dict[str, Any]:
    state = snapshot(platform, world)
    assert len(state["private"]["event"]["participants"]["nodes"]) == 1  # the world is as meant
    assert len(state["owner"]["sharesGiven"]["nodes"]) == 2
    return state


@dataclass(frozen=True)
class Attempt:
    """A write on others' data, and who tries it."""

    document: str
    variables: Callable[[World], dict[str, Any]]
    actors: tuple[str, ...] = ACTORS
    refused_as_false: bool = False  # answers ``false`` ("nothing to do") instead of an error
    code: str = "FORBIDDEN"  # for a logged-in actor; anonymous callers get the router's
    hidden_from: tuple[str, ...] = ()  # actors who may not see the target: NOT_FOUND, no leak

    def expected_code(self, actor: str) -> str:
        if actor == "anonymous" and self.code != INTERNAL:
            return "UNAUTHORIZED_FIELD_OR_TYPE"  # @authenticated, enforced by the router
        if actor in self.hidden_from:
            return "NOT_FOUND"
        return self.code


ATTEMPTS = {
    "updateEvent private": Attempt(
        'mutation($id: ID!) { updateEvent(id: $id, input: {title: "Hacked"}) { id } }',
        lambda w: {"id": w.private},
        hidden_from=("stranger",),
    ),
    "updateEvent public": Attempt(
        "mutation($id: ID!) { updateEvent(id: $id, input: {isPublic: false, "
        'startsAt: "2030-01-01T00:00:00Z", endsAt: "2030-01-02T00:00:00Z"}) { id } }',
        lambda w: {"id": w.public},
    ),
    "deleteEvent private": Attempt(
        "mutation($id: ID!) { deleteEvent(id: $id) }",
        lambda w: {"id": w.private},
        hidden_from=("stranger",),
    ),
    "deleteEvent public": Attempt(
        "mutation($id: ID!) { deleteEvent(id: $id) }", lambda w: {"id": w.public}
    ),
    "cancelInvitation of another invitee": Attempt(
        "mutation($id: ID!) { cancelInvitation(id: $id) }",
        lambda w: {"id": w.invitations["invitee"]},
        actors=("participant", "details", "free_busy", "stranger", "anonymous"),
    ),
    "respondToInvitation of the invitee": Attempt(
        RESPOND,
        lambda w: {"id": w.invitations["invitee"], "s": "ACCEPTED"},
        actors=("owner", "participant", "details", "free_busy", "anonymous"),
    ),
    "respondToInvitation declining for the participant": Attempt(
        RESPOND,
        lambda w: {"id": w.invitations["participant"], "s": "DECLINED"},
        actors=("owner", "invitee", "details", "stranger", "anonymous"),
    ),
    "invite to someone else's private event": Attempt(
        INVITE,
        lambda w: {"e": w.private, "u": w.people["stranger"].id},
        actors=("invitee", "participant", "details", "free_busy", "anonymous"),
    ),
    "joinEvent private without invitation": Attempt(
        "mutation($e: ID!) { joinEvent(eventId: $e) { id } }",
        lambda w: {"e": w.private},
        actors=("free_busy", "anonymous"),
    ),
    "leaveEvent for the participant": Attempt(
        "mutation($e: ID!) { leaveEvent(eventId: $e) }",
        lambda w: {"e": w.private},
        actors=("invitee", "details", "stranger", "anonymous"),
        refused_as_false=True,
    ),
    "revokeShare of the owner's grantee": Attempt(
        REVOKE,
        lambda w: {"g": w.people["details"].id},
        actors=("free_busy", "stranger", "anonymous"),
        refused_as_false=True,
    ),
    "revokeShare by the grantee naming the owner": Attempt(
        REVOKE,
        lambda w: {"g": w.owner.id},
        actors=("details", "free_busy"),
        refused_as_false=True,
    ),
    "updateProfile anonymously": Attempt(
        'mutation { updateProfile(input: {displayName: "Hacked"}) { id } }',
        lambda w: {},
        actors=("anonymous",),
    ),
    "grantEventAccess (router-internal)": Attempt(
        "mutation($e: ID!, $u: ID!) { grantEventAccess(eventId: $e, userId: $u, "
        "reason: INVITATION) }",
        lambda w: {"e": w.private, "u": w.people["stranger"].id},
        actors=("stranger", "free_busy"),
        code=INTERNAL,
    ),
    "revokeEventAccess (router-internal)": Attempt(
        "mutation($e: ID!, $u: ID!) { revokeEventAccess(eventId: $e, userId: $u, "
        "reason: PARTICIPATION) }",
        lambda w: {"e": w.private, "u": w.people["participant"].id},
        actors=("stranger", "invitee"),
        code=INTERNAL,
    ),
    "setCalendarAccess (router-internal)": Attempt(
        "mutation($g: ID!) { setCalendarAccess(granteeId: $g, level: DETAILS) }",
        lambda w: {"g": w.people["stranger"].id},
        actors=("stranger",),
        code=INTERNAL,
    ),
    "removeEventInvitations (router-internal)": Attempt(
        "mutation($e: ID!) { removeEventInvitations(eventId: $e) }",
        lambda w: {"e": w.private},
        actors=("stranger", "participant"),
        code=INTERNAL,
    ),
    "removeParticipant from someone else's event": Attempt(
        "mutation($e: ID!, $u: ID!) { removeParticipant(eventId: $e, userId: $u) }",
        lambda w: {"e": w.private, "u": w.people["participant"].id},
        actors=("invitee", "participant", "details", "free_busy", "stranger", "anonymous"),
        hidden_from=("stranger",),
    ),
    "removeUserEvents of another user (router-internal)": Attempt(
        "mutation($u: ID!) { removeUserEvents(userId: $u) }",
        lambda w: {"u": w.owner.id},
        actors=("stranger",),
        code=INTERNAL,
    ),
    "removeEventParticipations (router-internal)": Attempt(
        "mutation($e: ID!) { removeEventParticipations(eventId: $e) }",
        lambda w: {"e": w.private},
        actors=("stranger", "invitee"),
        code=INTERNAL,
    ),
}
CASES = [(name, actor) for name, attempt in ATTEMPTS.items() for actor in attempt.actors]


@pytest.mark.parametrize(("name", "actor"), CASES, ids=[f"{n} by {a}" for n, a in CASES])
def test_nobody_changes_another_users_data(
    platform: Platform, world: World, baseline: dict[str, Any], name: str, actor: str
) -> None:
    attempt = ATTEMPTS[name]
    response = platform.post(
        {"query": attempt.document, "variables": attempt.variables(world)}, world.token(actor)
    )
    body = graphql_body(response)
    errors = body.get("errors")
    if errors:
        codes = error_codes(body)
        assert codes == [attempt.expected_code(actor)], body
        assert not body.get("data"), body
    else:
        assert attempt.refused_as_false and actor != "anonymous", body
        assert list(body["data"].values()) == [False], body
    assert snapshot(platform, world) == baseline


def test_sharing_back_does_not_raise_access_to_the_owners_calendar(
    platform: Platform, world: World, baseline: dict[str, Any]
) -> None:
    busy = world.people["free_busy"]
    platform.data(SHARE, {"g": world.owner.id, "l": "DETAILS"}, busy.token)  # their own calendar
    seen = platform.data(SEES, {"id": world.private}, busy.token)["event"]
    assert seen == {"id": world.private, "title": None, "access": "FREE_BUSY"}
    after = snapshot(platform, world)
    assert after["owner"] == baseline["owner"] and after["free_busy"] == baseline["free_busy"]
    unshared = platform.data(REVOKE, {"g": world.owner.id}, busy.token)  # leave no trace
    assert unshared == {"revokeShare": True}


def test_a_profile_update_changes_only_the_callers_profile(
    platform: Platform, world: World, baseline: dict[str, Any]
) -> None:
    stranger = world.people["stranger"]
    renamed = platform.data(
        'mutation { updateProfile(input: {displayName: "Renamed", timeZone: "Asia/Tokyo"}) '
        "{ id displayName } }",
        token=stranger.token,
    )
    assert renamed["updateProfile"] == {"id": stranger.id, "displayName": "Renamed"}
    assert snapshot(platform, world)["owner"] == baseline["owner"]


def test_registering_an_existing_username_or_email_takes_nothing_over(
    platform: Platform, world: World, baseline: dict[str, Any]
) -> None:
    owner = world.owner
    for username, email in (
        (owner.username, "someone.else@example.org"),
        (owner.username.upper(), "another@example.org"),
        ("freshname" + owner.id[-6:], f"{owner.username}@example.org"),
    ):
        values = {
            "username": username,
            "email": email,
            "password": "a different password",
            "displayName": "Impostor",
        }
        body = graphql_body(platform.post({"query": REGISTER, "variables": {"input": values}}))
        if username.lower() == owner.username.lower():
            assert error_codes(body) == ["CONFLICT"], body
        else:  # emails are not unique: a separate account, which says nothing of the owner
            assert body["data"]["register"]["id"] != owner.id, body
    assert snapshot(platform, world)["owner"] == baseline["owner"]
    assert platform.data(LOGIN, credentials(owner.username))["login"]["token"]
