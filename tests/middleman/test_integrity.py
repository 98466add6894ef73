"""The drifts of issue 12, each reproduced: cross-service state stays true after cancelling,
removing, leaving, concurrent answers and deleting an account (checked through the API and
directly in the databases)."""

from __future__ import annotations

import asyncio

from tests.middleman import operations as op
from tests.middleman.conftest import Person, Platform, codes, eventually, new_event, new_person
from tests.middleman.invariants import scoped, snapshot, violations
from tests.middleman.test_rules import invite, joined, participants, sees
from tests.support.accounts import PASSWORD


async def statuses(platform: Platform, person: Person) -> dict[str, str]:
    body = await platform.graphql(op.INBOX, {"s": None}, person.token)
    return {node["id"]: node["status"] for node in body["data"]["myInvitations"]["nodes"]}


async def consistent(platform: Platform, *people: Person) -> list[str]:
    """Broken invariants concerning ``people``, once no intent is pending."""
    state = await eventually(
        lambda: snapshot(platform.stack.mongo_uri), lambda s: not s.pending_intents, "settled"
    )
    return violations(scoped(state, {person.id for person in people}))


async def accepted_guest(platform: Platform) -> tuple[Person, Person, str, str]:
    owner, guest = await new_person(platform, "owner"), await new_person(platform, "guest")
    event = await new_event(platform, owner, public=False)
    invitation = (await invite(platform, owner, event, guest))["data"]["invite"]["id"]
    answer = await platform.graphql(op.RESPOND, {"id": invitation, "s": "ACCEPTED"}, guest.token)
    assert "errors" not in answer, answer
    assert await sees(platform, guest, event) is not None
    return owner, guest, event, invitation


async def test_cancel_after_accept_removes_participation_and_access(platform: Platform) -> None:
    owner, guest, event, invitation = await accepted_guest(platform)
    cancelled = await platform.graphql(op.CANCEL, {"id": invitation}, owner.token)
    assert cancelled == {"data": {"cancelInvitation": True}}
    edit = {"id": event, "input": {"title": "Moved to a secret place"}}
    assert "errors" not in await platform.graphql(op.UPDATE, edit, owner.token)
    assert await sees(platform, guest, event) is None
    assert await joined(platform, guest) == set()
    assert await participants(platform, owner, event) == set()
    assert await consistent(platform, owner, guest) == []


async def test_owner_removes_a_participant(platform: Platform) -> None:
    owner, guest, event, _ = await accepted_guest(platform)
    other = await new_person(platform, "other")
    refused = await platform.graphql(
        op.REMOVE_PARTICIPANT, {"e": event, "u": guest.id}, other.token
    )
    assert codes(refused) == ["NOT_FOUND"]  # a stranger does not learn the private event exists
    refused = await platform.graphql(
        op.REMOVE_PARTICIPANT, {"e": event, "u": guest.id}, guest.token
    )
    assert codes(refused) == ["FORBIDDEN"]  # the guest sees it, but only the owner removes
    assert await joined(platform, guest) == {event}
    removed = await platform.graphql(
        op.REMOVE_PARTICIPANT, {"e": event, "u": guest.id}, owner.token
    )
    assert removed == {"data": {"removeParticipant": True}}
    assert await sees(platform, guest, event) is None
    assert await joined(platform, guest) == set()
    assert await statuses(platform, guest) == {}  # the invitation went with the participation
    rejoin = await platform.graphql(op.JOIN, {"e": event}, guest.token)
    assert codes(rejoin) == ["REFERENCE_NOT_FOUND"]  # private, and no longer invited
    assert await consistent(platform, owner, guest) == []


async def test_leaving_declines_and_joining_again_accepts(platform: Platform) -> None:
    owner, guest, event, invitation = await accepted_guest(platform)
    assert await platform.graphql(op.LEAVE, {"e": event}, guest.token) == {
        "data": {"leaveEvent": True}
    }
    assert await statuses(platform, guest) == {invitation: "DECLINED"}
    assert await joined(platform, guest) == set()
    assert (
        await sees(platform, guest, event) is not None
    )  # still invited: may look, not taking part
    assert "errors" not in await platform.graphql(op.JOIN, {"e": event}, guest.token)
    assert await statuses(platform, guest) == {invitation: "ACCEPTED"}
    assert await joined(platform, guest) == {event}
    assert await consistent(platform, owner, guest) == []


async def test_concurrent_answers_end_in_one_consistent_state(platform: Platform) -> None:
    owner = await new_person(platform, "owner")
    guests = [await new_person(platform, "guest") for _ in range(8)]
    event = await new_event(platform, owner, public=False)
    for guest in guests:
        invitation = (await invite(platform, owner, event, guest))["data"]["invite"]["id"]
        answers = ["ACCEPTED", "DECLINED", "ACCEPTED", "DECLINED"]
        await asyncio.gather(
            *(
                platform.graphql(op.RESPOND, {"id": invitation, "s": answer}, guest.token)
                for answer in answers
            )
        )
    for guest in guests:
        (status,) = (await statuses(platform, guest)).values()
        assert (status == "ACCEPTED") == (await joined(platform, guest) == {event}), guest
    assert await consistent(platform, owner, *guests) == []


async def test_a_deleted_accounts_token_creates_nothing_and_its_data_is_gone(
    platform: Platform,
) -> None:
    leaver, friend = await new_person(platform, "leaver"), await new_person(platform, "friend")
    own = await new_event(platform, leaver, public=True, title="Leaver's party")
    theirs = await new_event(platform, friend, public=True)
    await invite(platform, leaver, own, friend)
    await invite(platform, friend, theirs, leaver)
    assert "errors" not in await platform.graphql(op.JOIN, {"e": own}, friend.token)
    assert "errors" not in await platform.graphql(op.JOIN, {"e": theirs}, leaver.token)
    share = {"g": friend.id, "l": "DETAILS"}
    assert "errors" not in await platform.graphql(op.SHARE, share, leaver.token)

    wrong = await platform.graphql(op.DELETE_ACCOUNT, {"p": "not the password"}, leaver.token)
    assert codes(wrong) == ["FORBIDDEN"]
    deleted = await platform.graphql(op.DELETE_ACCOUNT, {"p": PASSWORD}, leaver.token)
    assert deleted == {"data": {"deleteAccount": True}}

    body = await platform.graphql(
        """mutation { createEvent(input: {title: "Ghost", startsAt: "2030-01-01T10:00:00Z",
        endsAt: "2030-01-01T11:00:00Z", isPublic: true}) { id } }""",
        {},
        leaver.token,
    )
    assert body.get("data") is None or body["data"].get("createEvent") is None, body
    assert codes(body) == ["UNAUTHENTICATED"]
    owners = await platform.graphql(op.PUBLIC_OWNERS, {})  # other tests leave orphans on purpose
    assert owners["data"]["publicEvents"] is not None, owners
    assert own not in {node["id"] for node in owners["data"]["publicEvents"]["nodes"]}
    assert await joined(platform, friend) == set()  # the leaver's event went with its guests
    assert await participants(platform, friend, theirs) == set()
    assert await consistent(platform, leaver, friend) == []
    state = await snapshot(platform.stack.mongo_uri)
    assert leaver.id not in state.users
    assert not [pair for pair in state.participations if leaver.id in pair]
    assert not [pair for pair in state.shares if leaver.id in pair]
