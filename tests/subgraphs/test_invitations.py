"""The invitations subgraph over HTTP, against its own database on the session's mongoeco."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from bson import ObjectId
from joserfc import jwt
from joserfc.jwk import OKPKey

from tests.subgraphs.social_support import (
    Caller,
    Json,
    QueryCounter,
    Result,
    Subgraph,
    people_fixture,
    subgraph_fixture,
)

INVITATION_FIELDS = "id status createdAt respondedAt event { id } invitee { id } inviter { id }"
INVITE = f"""
mutation ($eventId: ID!, $inviteeId: ID!) {{
  invite(eventId: $eventId, inviteeId: $inviteeId) {{ {INVITATION_FIELDS} }}
}}"""
RESPOND = f"""
mutation ($id: ID!, $status: InvitationStatus!) {{
  respondToInvitation(id: $id, status: $status) {{ {INVITATION_FIELDS} }}
}}"""
CANCEL = "mutation ($id: ID!) { cancelInvitation(id: $id) }"
INVITATION = f"query ($id: ID!) {{ invitation(id: $id) {{ {INVITATION_FIELDS} }} }}"
PAGE = "totalCount edges { cursor node { id status } } pageInfo { hasNextPage endCursor }"
INBOX = f"""
query ($status: InvitationStatus, $first: Int! = 20, $after: String) {{
  myInvitations(status: $status, first: $first, after: $after) {{ {PAGE} }}
}}"""
INBOX_DEFAULT = f"query {{ myInvitations {{ {PAGE} }} }}"

invitations = subgraph_fixture("invitations")
people = people_fixture(4)


def invite(subgraph: Subgraph, inviter: Caller, event: ObjectId, invitee: Caller) -> Json:
    variables = {"eventId": str(event), "inviteeId": invitee.id}
    invitation: Json = subgraph.execute(INVITE, variables, user=inviter).ok()["invite"]
    return invitation


def respond(subgraph: Subgraph, user: Caller, invitation_id: str, status: str) -> Result:
    return subgraph.execute(RESPOND, {"id": invitation_id, "status": status}, user=user)


def node_ids(connection: Json) -> list[str]:
    return [edge["node"]["id"] for edge in connection["edges"]]


def stored(subgraph: Subgraph, **query: Any) -> list[Json]:
    return list(subgraph.db.invitations.find(query))


# --- invite -------------------------------------------------------------------------------


def test_invite_creates_a_pending_invitation_sent_by_the_caller(
    invitations: Subgraph, people: list[Caller]
) -> None:
    inviter, invitee, event = people[0], people[1], ObjectId()

    invitation = invite(invitations, inviter, event, invitee)

    assert invitation["status"] == "PENDING"
    assert invitation["respondedAt"] is None
    assert invitation["event"] == {"id": str(event)}
    assert invitation["invitee"] == {"id": invitee.id}
    assert invitation["inviter"] == {"id": inviter.id}
    created = datetime.fromisoformat(invitation["createdAt"])
    assert created.utcoffset() == timedelta(0)
    [document] = stored(invitations, eventId=event)
    assert document["_id"] == ObjectId(invitation["id"])
    assert document["inviterId"] == ObjectId(inviter.id)
    assert document["inviteeId"] == ObjectId(invitee.id)
    assert (document["status"], document["createdAt"]) == ("PENDING", created)


def test_inviting_yourself_is_bad_input_and_stores_nothing(
    invitations: Subgraph, people: list[Caller]
) -> None:
    user, event = people[0], ObjectId()

    result = invitations.execute(INVITE, {"eventId": str(event), "inviteeId": user.id}, user=user)

    error = result.error()
    assert (error.code, error.field) == ("BAD_USER_INPUT", "inviteeId")
    assert result.data is None
    assert stored(invitations, eventId=event) == []


@pytest.mark.parametrize("field", ["eventId", "inviteeId"])
@pytest.mark.parametrize("bad_id", ["nope", "hello world!", "0" * 23])
def test_malformed_ids_are_bad_input_and_store_nothing(
    invitations: Subgraph, people: list[Caller], field: str, bad_id: str
) -> None:
    variables = {"eventId": str(ObjectId()), "inviteeId": people[1].id, field: bad_id}
    before = invitations.document_count("invitations")

    error = invitations.execute(INVITE, variables, user=people[0]).error()

    assert (error.code, error.field) == ("BAD_USER_INPUT", field)
    assert invitations.document_count("invitations") == before


def test_inviting_the_same_user_twice_is_a_conflict(
    invitations: Subgraph, people: list[Caller]
) -> None:
    inviter, invitee, event = people[0], people[1], ObjectId()
    first = invite(invitations, inviter, event, invitee)
    variables = {"eventId": str(event), "inviteeId": invitee.id}

    error = invitations.execute(INVITE, variables, user=inviter).error()

    assert error.code == "CONFLICT"
    assert [doc["_id"] for doc in stored(invitations, eventId=event)] == [ObjectId(first["id"])]


# --- authentication -----------------------------------------------------------------------

SOME_ID = str(ObjectId())


def on_entity(typename: str, selection: str) -> tuple[str, Json]:
    query = f"query ($r: [_Any!]!) {{ _entities(representations: $r) {{ {selection} }} }}"
    return query, {"r": [{"__typename": typename, "id": SOME_ID}]}


AUTHENTICATED_OPERATIONS = [
    pytest.param(INVITE, {"eventId": SOME_ID, "inviteeId": str(ObjectId())}, id="invite"),
    pytest.param(RESPOND, {"id": SOME_ID, "status": "ACCEPTED"}, id="respondToInvitation"),
    pytest.param(CANCEL, {"id": SOME_ID}, id="cancelInvitation"),
    pytest.param(INVITATION, {"id": SOME_ID}, id="invitation"),
    pytest.param(INBOX_DEFAULT, {}, id="myInvitations"),
    pytest.param(
        *on_entity("Event", "... on Event { invitations { totalCount } }"),
        id="Event.invitations",
    ),
    pytest.param(
        *on_entity("Event", "... on Event { myInvitation { id } }"), id="Event.myInvitation"
    ),
    pytest.param(
        *on_entity("User", "... on User { invitations { totalCount } }"), id="User.invitations"
    ),
    pytest.param(*on_entity("Invitation", "... on Invitation { id }"), id="Invitation"),
]


@pytest.mark.parametrize(("operation", "variables"), AUTHENTICATED_OPERATIONS)
def test_every_operation_requires_a_logged_in_caller(
    invitations: Subgraph, operation: str, variables: Json
) -> None:
    result = invitations.execute(operation, variables)

    assert [error.code for error in result.errors] == ["UNAUTHENTICATED"]
    assert stored(invitations, eventId=ObjectId(SOME_ID)) == []


def test_forged_tokens_are_rejected_and_login_tokens_accepted(
    invitations: Subgraph, people: list[Caller]
) -> None:
    forger = OKPKey.generate_key("Ed25519", parameters={"alg": "Ed25519"})
    forger.ensure_kid()
    claims = {"sub": people[0].id, "iss": "fedcal-users", "aud": "fedcal", "exp": 2**31}
    forged = jwt.encode({"alg": "Ed25519", "kid": forger.kid}, claims, forger, ["Ed25519"])

    for token in (forged, "not-a-jwt"):
        assert invitations.execute(INBOX_DEFAULT, token=token).error().code == "UNAUTHENTICATED"
    assert invitations.execute(INBOX_DEFAULT, user=people[0]).ok()


# --- respondToInvitation ------------------------------------------------------------------


def test_answering_is_idempotent_and_takes_the_invitation_out_of_the_inbox(
    invitations: Subgraph, people: list[Caller], new_account: Callable[[], Caller]
) -> None:
    invitee = new_account()
    invitation = invite(invitations, people[0], ObjectId(), invitee)
    inbox = invitations.execute(INBOX_DEFAULT, user=invitee).ok()["myInvitations"]
    assert node_ids(inbox) == [invitation["id"]]

    answer = respond(invitations, invitee, invitation["id"], "ACCEPTED").ok()
    again = respond(invitations, invitee, invitation["id"], "ACCEPTED").ok()

    accepted = answer["respondToInvitation"]
    assert accepted["status"] == "ACCEPTED"
    assert datetime.fromisoformat(accepted["respondedAt"]).utcoffset() == timedelta(0)
    assert again["respondToInvitation"] == accepted
    assert invitations.execute(INBOX_DEFAULT, user=invitee).ok()["myInvitations"]["edges"] == []
    [document] = stored(invitations, _id=ObjectId(invitation["id"]))
    assert document["status"] == "ACCEPTED"


def test_an_answer_can_be_changed(invitations: Subgraph, people: list[Caller]) -> None:
    invitee = people[1]
    invitation = invite(invitations, people[0], ObjectId(), invitee)

    for status in ("TENTATIVE", "DECLINED", "ACCEPTED"):
        answer = respond(invitations, invitee, invitation["id"], status).ok()
        assert answer["respondToInvitation"]["status"] == status


def test_only_the_invitee_can_answer(invitations: Subgraph, people: list[Caller]) -> None:
    inviter, invitee, stranger = people[:3]
    invitation = invite(invitations, inviter, ObjectId(), invitee)

    for someone_else in (inviter, stranger):
        error = respond(invitations, someone_else, invitation["id"], "ACCEPTED").error()
        assert error.code == "FORBIDDEN"

    [document] = stored(invitations, _id=ObjectId(invitation["id"]))
    assert (document["status"], document["respondedAt"]) == ("PENDING", None)


def test_answer_must_be_accepted_declined_or_tentative(
    invitations: Subgraph, people: list[Caller]
) -> None:
    invitee = people[1]
    invitation = invite(invitations, people[0], ObjectId(), invitee)
    respond(invitations, invitee, invitation["id"], "DECLINED").ok()

    error = respond(invitations, invitee, invitation["id"], "PENDING").error()

    assert (error.code, error.field) == ("BAD_USER_INPUT", "status")
    [document] = stored(invitations, _id=ObjectId(invitation["id"]))
    assert document["status"] == "DECLINED"
    assert respond(invitations, invitee, invitation["id"], "MAYBE").error().code == (
        "BAD_USER_INPUT"
    )


def test_answering_unknown_or_malformed_invitations(
    invitations: Subgraph, people: list[Caller]
) -> None:
    user = people[0]

    assert respond(invitations, user, str(ObjectId()), "ACCEPTED").error().code == "NOT_FOUND"
    error = respond(invitations, user, "42", "ACCEPTED").error()
    assert (error.code, error.field) == ("BAD_USER_INPUT", "id")


# --- myInvitations ------------------------------------------------------------------------


def test_inbox_lists_newest_first_with_cursor_pagination_and_status_filter(
    invitations: Subgraph, people: list[Caller], new_account: Callable[[], Caller]
) -> None:
    invitee = new_account()
    sent = [invite(invitations, inviter, ObjectId(), invitee)["id"] for inviter in people[:3]]
    newest_first = sent[::-1]

    page1 = invitations.execute(INBOX, {"first": 2}, user=invitee).ok()["myInvitations"]
    after = page1["pageInfo"]["endCursor"]
    page2 = invitations.execute(INBOX, {"first": 2, "after": after}, user=invitee).ok()

    assert node_ids(page1) == newest_first[:2]
    assert page1["pageInfo"]["hasNextPage"] is True
    assert page1["edges"][-1]["cursor"] == after
    assert page1["totalCount"] == 3
    assert node_ids(page2["myInvitations"]) == newest_first[2:]
    assert page2["myInvitations"]["pageInfo"]["hasNextPage"] is False

    respond(invitations, invitee, sent[0], "ACCEPTED").ok()

    def inbox(variables: Json) -> list[str]:
        return node_ids(invitations.execute(INBOX, variables, user=invitee).ok()["myInvitations"])

    assert inbox({}) == newest_first[:2]
    assert inbox({"status": "ACCEPTED"}) == [sent[0]]
    assert inbox({"status": None}) == newest_first


@pytest.mark.parametrize(
    ("variables", "field"),
    [({"first": 0}, "first"), ({"first": 101}, "first"), ({"after": "garbage"}, "after")],
)
def test_page_arguments_are_validated(
    invitations: Subgraph, people: list[Caller], variables: Json, field: str
) -> None:
    error = invitations.execute(INBOX, variables, user=people[0]).error()

    assert (error.code, error.field) == ("BAD_USER_INPUT", field)


# --- invitation(id) -----------------------------------------------------------------------


def test_an_invitation_is_visible_to_its_inviter_and_invitee_only(
    invitations: Subgraph, people: list[Caller]
) -> None:
    inviter, invitee, stranger = people[:3]
    invitation = invite(invitations, inviter, ObjectId(), invitee)
    variables = {"id": invitation["id"]}

    for party in (inviter, invitee):
        found = invitations.execute(INVITATION, variables, user=party).ok()
        assert found == {"invitation": invitation}
    assert invitations.execute(INVITATION, variables, user=stranger).error().code == "FORBIDDEN"
    unknown = invitations.execute(INVITATION, {"id": str(ObjectId())}, user=inviter).ok()
    assert unknown == {"invitation": None}
    error = invitations.execute(INVITATION, {"id": "x"}, user=inviter).error()
    assert (error.code, error.field) == ("BAD_USER_INPUT", "id")


# --- cancelInvitation ---------------------------------------------------------------------


def test_only_the_inviter_can_cancel_and_cancelling_twice_is_harmless(
    invitations: Subgraph, people: list[Caller]
) -> None:
    inviter, invitee, stranger = people[:3]
    invitation = invite(invitations, inviter, ObjectId(), invitee)
    variables = {"id": invitation["id"]}

    for someone_else in (invitee, stranger):
        assert invitations.execute(CANCEL, variables, user=someone_else).error().code == "FORBIDDEN"
    assert len(stored(invitations, _id=ObjectId(invitation["id"]))) == 1

    assert invitations.execute(CANCEL, variables, user=inviter).ok() == {"cancelInvitation": True}
    assert stored(invitations, _id=ObjectId(invitation["id"])) == []
    assert invitations.execute(CANCEL, variables, user=inviter).ok() == {"cancelInvitation": False}
    error = invitations.execute(CANCEL, {"id": "nope"}, user=inviter).error()
    assert (error.code, error.field) == ("BAD_USER_INPUT", "id")


# --- federation ---------------------------------------------------------------------------


def test_entities_resolve_a_batch_of_invitations_with_one_query(
    invitations: Subgraph, people: list[Caller]
) -> None:
    inviter, stranger = people[0], people[3]
    first = invite(invitations, inviter, ObjectId(), people[1])
    second = invite(invitations, inviter, ObjectId(), people[2])
    ids = [first["id"], str(ObjectId()), second["id"], "malformed", first["id"]]
    representations = [{"__typename": "Invitation", "id": id_} for id_ in ids]
    selection = "... on Invitation { id status }"

    with QueryCounter(invitations.db, "invitations") as counter:
        as_inviter = invitations.entities(representations, selection, user=inviter).ok()
        [query] = counter.commands()
    as_stranger = invitations.entities(representations, selection, user=stranger).ok()

    pending = [{"id": id_, "status": "PENDING"} for id_ in (first["id"], second["id"])]
    assert as_inviter["_entities"] == [pending[0], None, pending[1], None, pending[0]]
    assert "$in" in str(query["filter"])
    assert as_stranger["_entities"] == [None] * 5


def test_event_guest_list_and_my_invitation_through_entities(
    invitations: Subgraph, people: list[Caller]
) -> None:
    owner, guest, other_guest, stranger = people
    event, quiet_event = ObjectId(), ObjectId()
    invited = invite(invitations, owner, event, guest)
    invite(invitations, owner, event, other_guest)
    representations = [{"__typename": "Event", "id": str(e)} for e in (event, quiet_event)]
    selection = "... on Event { id invitations { totalCount nodes { invitee { id } } } }"

    def guest_lists(user: Caller) -> list[list[str]]:
        entities = invitations.entities(representations, selection, user=user).ok()["_entities"]
        return [[n["invitee"]["id"] for n in e["invitations"]["nodes"]] for e in entities]

    expected = [[guest.id, other_guest.id], []]
    assert guest_lists(owner) == expected
    assert guest_lists(guest) == expected
    assert guest_lists(stranger) == [[], []]

    with QueryCounter(invitations.db, "invitations") as counter:
        mine = invitations.entities(
            representations, "... on Event { myInvitation { id status } }", user=guest
        ).ok()
        assert len(counter.commands()) == 1
    assert mine["_entities"] == [
        {"myInvitation": {"id": invited["id"], "status": "PENDING"}},
        {"myInvitation": None},
    ]


def test_user_invitations_are_visible_to_that_user_only(
    invitations: Subgraph, people: list[Caller], new_account: Callable[[], Caller]
) -> None:
    invitee = new_account()
    invitation = invite(invitations, people[0], ObjectId(), invitee)
    representations = [{"__typename": "User", "id": invitee.id}]
    selection = "... on User { id invitations(status: null) { nodes { id } } }"

    own = invitations.entities(representations, selection, user=invitee).ok()
    foreign = invitations.entities(representations, selection, user=people[0])

    assert own["_entities"] == [
        {"id": invitee.id, "invitations": {"nodes": [{"id": invitation["id"]}]}}
    ]
    error = foreign.error()
    assert (error.code, error.path) == ("FORBIDDEN", ["_entities", 0, "invitations"])
    assert foreign.data == {"_entities": [{"id": invitee.id, "invitations": None}]}


def test_service_sdl_declares_entities_and_authentication(invitations: Subgraph) -> None:
    sdl = invitations.execute("{ _service { sdl } }").ok()["_service"]["sdl"]

    assert '@link(url: "https://specs.apollo.dev/federation/v2.9"' in sdl
    assert 'type Invitation @key(fields: "id")' in sdl
    assert 'type Event @key(fields: "id")' in sdl
    assert (
        'invite(eventId: ID! @references(type: "Event"), '
        'inviteeId: ID! @references(type: "User")): Invitation! @authenticated'
    ) in sdl
