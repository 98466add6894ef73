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
people = people_fixture(3)  # fresh accounts per module: no share or grant left over

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


events = subgraph_fixture("events")
participations = subgraph_fixture("participations")
calendars = subgraph_fixture("calendars")

EVENT_CHANGES = """
subscription { eventChanges { kind cursor eventId event { id title access } } }"""
CREATE_EVENT = """
mutation ($public: Boolean!) {
  createEvent(input: {title: "Board meeting", startsAt: "2030-01-01T09:00:00Z",
                      endsAt: "2030-01-01T10:00:00Z", isPublic: $public}) { id }
}"""
UPDATE_EVENT = """
mutation ($id: ID!) { updateEvent(id: $id, input: {title: "Board meeting (moved)"}) { id } }"""
DELETE_EVENT = "mutation ($id: ID!) { deleteEvent(id: $id) }"
GRANT = """
mutation ($e: ID!, $u: ID!) { grantEventAccess(eventId: $e, userId: $u, reason: INVITATION) }"""
SHARE_FREE_BUSY = "mutation ($u: ID!) { setCalendarAccess(granteeId: $u, level: FREE_BUSY) }"


async def test_event_changes_follow_the_visibility_rules_of_queries(
    events: Subgraph, people: list[Caller]
) -> None:
    owner, guest, sharee = people
    events.execute(SHARE_FREE_BUSY, {"u": sharee.id}, user=owner).ok()
    async with (
        graphql_ws(events.url, init_payload=init_payload(events, owner)) as as_owner,
        graphql_ws(events.url, init_payload=init_payload(events, guest)) as as_guest,
        graphql_ws(events.url, init_payload=init_payload(events, sharee)) as as_sharee,
    ):
        mine = await as_owner.subscribe(EVENT_CHANGES)
        guests = await as_guest.subscribe(EVENT_CHANGES)
        shared = await as_sharee.subscribe(EVENT_CHANGES)
        await asyncio.sleep(0.5)
        private = events.execute(CREATE_EVENT, {"public": False}, user=owner).ok()
        event_id = private["createEvent"]["id"]
        created = await mine.data("eventChanges")
        assert (created["kind"], created["eventId"]) == ("CREATED", event_id)
        seen_busy = await shared.data("eventChanges")  # a free/busy share: times only
        assert seen_busy["event"] == {"id": event_id, "title": None, "access": "FREE_BUSY"}
        await guests.nothing(0.5)  # not invited yet: a stranger hears of nothing

        events.execute(GRANT, {"e": event_id, "u": guest.id}, user=owner).ok()
        invited = await guests.data("eventChanges")  # the grant: it is in their view now
        assert (invited["kind"], invited["event"]["title"]) == ("CHANGED", "Board meeting")
        await mine.nothing(0.3)  # the owner's view did not change
        events.execute(UPDATE_EVENT, {"id": event_id}, user=owner).ok()
        for subscription in (mine, guests):
            changed = await subscription.data("eventChanges")
            assert changed["kind"] == "CHANGED"
            assert changed["event"]["title"] == "Board meeting (moved)"
        assert (await shared.data("eventChanges"))["event"]["title"] is None

        events.execute(DELETE_EVENT, {"id": event_id}, user=owner).ok()
        for subscription in (mine, guests, shared):
            deleted = await subscription.data("eventChanges")
            assert (deleted["kind"], deleted["eventId"], deleted["event"]) == (
                "DELETED",
                event_id,
                None,
            )

        public = events.execute(CREATE_EVENT, {"public": True}, user=guest).ok()
        for subscription in (mine, guests, shared):  # a public event: anyone sees it
            assert (await subscription.data("eventChanges"))["eventId"] == public["createEvent"][
                "id"
            ]


async def test_a_stranger_hears_nothing_of_a_private_event(
    events: Subgraph, people: list[Caller]
) -> None:
    owner, stranger, _ = people
    async with graphql_ws(events.url, init_payload=init_payload(events, stranger)) as socket:
        changes = await socket.subscribe(EVENT_CHANGES)
        await asyncio.sleep(0.5)
        event_id = events.execute(CREATE_EVENT, {"public": False}, user=owner).ok()["createEvent"][
            "id"
        ]
        events.execute(UPDATE_EVENT, {"id": event_id}, user=owner).ok()
        events.execute(DELETE_EVENT, {"id": event_id}, user=owner).ok()
        await changes.nothing(1.0)


PARTICIPATION_CHANGES = """
subscription ($e: ID!) {
  participationChanges(eventId: $e) { kind cursor event { id } participant { id } }
}"""
JOIN = "mutation ($e: ID!) { joinEvent(eventId: $e) { id } }"
LEAVE = "mutation ($e: ID!) { leaveEvent(eventId: $e) }"


async def test_participants_joining_and_leaving_one_event(
    participations: Subgraph, people: list[Caller]
) -> None:
    owner, guest, _ = people
    followed, other = str(ObjectId()), str(ObjectId())
    async with graphql_ws(
        participations.url, init_payload=init_payload(participations, owner)
    ) as s:
        changes = await s.subscribe(PARTICIPATION_CHANGES, {"e": followed})
        await asyncio.sleep(0.5)
        participations.execute(JOIN, {"e": other}, user=guest).ok()  # not the followed event
        participations.execute(JOIN, {"e": followed}, user=guest).ok()
        participations.execute(JOIN, {"e": followed}, user=guest).ok()  # again: no change
        participations.execute(LEAVE, {"e": followed}, user=guest).ok()
        joined, left = (
            await changes.data("participationChanges"),
            await changes.data("participationChanges"),
        )
        assert [joined["kind"], left["kind"]] == ["JOINED", "LEFT"]
        assert joined["participant"] == {"id": guest.id}
        assert joined["event"] == {"id": followed}
        await changes.nothing(0.5)


SHARE_CHANGES = "subscription { shareChanges { kind cursor owner { id } grantee { id } } }"
SHARE = "mutation ($u: ID!) { shareCalendar(granteeId: $u, level: DETAILS) { id } }"
REVOKE = "mutation ($u: ID!) { revokeShare(granteeId: $u) }"


async def test_shares_granted_and_revoked(calendars: Subgraph, people: list[Caller]) -> None:
    owner, grantee, stranger = people
    async with (
        graphql_ws(calendars.url, init_payload=init_payload(calendars, grantee)) as as_grantee,
        graphql_ws(calendars.url, init_payload=init_payload(calendars, stranger)) as as_other,
    ):
        received = await as_grantee.subscribe(SHARE_CHANGES)
        others = await as_other.subscribe(SHARE_CHANGES)
        await asyncio.sleep(0.5)
        calendars.execute(SHARE, {"u": grantee.id}, user=owner).ok()
        calendars.execute(REVOKE, {"u": grantee.id}, user=owner).ok()
        calendars.execute(REVOKE, {"u": grantee.id}, user=owner).ok()  # nothing to revoke
        granted = await received.data("shareChanges")
        assert granted == {
            "kind": "GRANTED",
            "cursor": granted["cursor"],
            "owner": {"id": owner.id},
            "grantee": {"id": grantee.id},
        }
        assert (await received.data("shareChanges"))["kind"] == "REVOKED"
        await received.nothing(0.5)
        await others.nothing(0.1)
