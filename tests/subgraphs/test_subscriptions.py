"""Subscriptions over ``graphql-transport-ws``, straight to subgraph processes, with the
router's credential (as the router sends it: upgrade header and ``connection_init``)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from bson import ObjectId

from tests.subgraphs.social_support import Caller, Subgraph, people_fixture, subgraph_fixture
from tests.support.graphql_ws import ConnectionRefused, graphql_ws
from tests.support.router_credentials import credential, router_headers

invitations = subgraph_fixture("invitations")
people = people_fixture(3)

INVITATION_CHANGES = """
subscription ($after: String) {
  invitationChanges(after: $after) {
    kind cursor invitationId event { id } invitation { id status invitee { id } }
  }
}"""
INVITE = "mutation ($e: ID!, $u: ID!) { invite(eventId: $e, inviteeId: $u) { id } }"
RESPOND = (
    "mutation ($id: ID!, $s: InvitationStatus!) { respondToInvitation(id: $id, status: $s) { id } }"
)
CANCEL = "mutation ($id: ID!) { cancelInvitation(id: $id) }"


def authorization(subgraph: Subgraph, user: Caller) -> dict[str, str]:
    return router_headers(user.token, subgraph.users_jwks_url)


def init_payload(subgraph: Subgraph, user: Caller) -> dict[str, Any]:
    return {"headers": {"authorization": authorization(subgraph, user)["Authorization"]}}


async def test_invitee_and_inviter_follow_an_invitation(
    invitations: Subgraph, people: list[Caller]
) -> None:
    owner, guest, stranger = people
    event = str(ObjectId())
    async with (
        graphql_ws(invitations.url, init_payload=init_payload(invitations, guest)) as as_guest,
        graphql_ws(invitations.url, headers=authorization(invitations, owner)) as as_owner,
        graphql_ws(invitations.url, init_payload=init_payload(invitations, stranger)) as other,
    ):
        guest_changes = await as_guest.subscribe(INVITATION_CHANGES)
        owner_changes = await as_owner.subscribe(INVITATION_CHANGES)
        stranger_changes = await other.subscribe(INVITATION_CHANGES)
        await asyncio.sleep(0.5)  # subscribed
        sent = invitations.execute(INVITE, {"e": event, "u": guest.id}, user=owner).ok()
        invitation_id = sent["invite"]["id"]
        for subscription in (guest_changes, owner_changes):
            change = await subscription.data("invitationChanges")
            assert change["kind"] == "SENT"
            assert change["invitationId"] == invitation_id
            assert change["event"] == {"id": event}
            assert change["invitation"]["status"] == "PENDING"
            assert change["invitation"]["invitee"] == {"id": guest.id}
        await asyncio.to_thread(
            invitations.execute, RESPOND, {"id": invitation_id, "s": "ACCEPTED"}, user=guest
        )
        answered = await owner_changes.data("invitationChanges")
        assert (answered["kind"], answered["invitation"]["status"]) == ("ANSWERED", "ACCEPTED")
        assert (await guest_changes.data("invitationChanges"))["kind"] == "ANSWERED"
        invitations.execute(CANCEL, {"id": invitation_id}, user=owner).ok()
        cancelled = await guest_changes.data("invitationChanges")
        assert (cancelled["kind"], cancelled["invitation"]) == ("CANCELLED", None)
        assert (await owner_changes.data("invitationChanges"))["kind"] == "CANCELLED"
        await stranger_changes.nothing(0.5)  # the stranger heard of none of it

        # Resuming after the first change delivers the two that followed, once each.
        first_cursor = answered["cursor"]
        resumed = await as_owner.subscribe(INVITATION_CHANGES, {"after": first_cursor})
        again = await resumed.data("invitationChanges")
        assert (again["kind"], again["invitationId"]) == ("CANCELLED", invitation_id)
        assert int(again["cursor"]) > int(first_cursor)


async def test_a_connection_without_the_router_credential_is_refused(
    invitations: Subgraph, people: list[Caller]
) -> None:
    with pytest.raises(ConnectionRefused) as refused:
        async with graphql_ws(invitations.url):
            pass
    assert refused.value.code == 4403
    forged = {"authorization": "Bearer not-a-router-credential"}
    with pytest.raises(ConnectionRefused):
        async with graphql_ws(invitations.url, init_payload={"headers": forged}):
            pass
    # A user's own token is not the router's credential either.
    with pytest.raises(ConnectionRefused):
        async with graphql_ws(
            invitations.url,
            init_payload={"headers": {"authorization": f"Bearer {people[0].token}"}},
        ):
            pass


async def test_an_anonymous_caller_cannot_subscribe(invitations: Subgraph) -> None:
    anonymous = {"headers": {"authorization": f"Bearer {credential()}"}}
    async with graphql_ws(invitations.url, init_payload=anonymous) as socket:
        subscription = await socket.subscribe(INVITATION_CHANGES)
        message = await subscription.next()
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"
