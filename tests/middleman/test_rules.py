"""Every named rule, allowed and denied, through the router on the real subgraphs."""

from __future__ import annotations

from typing import Any

from tests.middleman import operations as op
from tests.middleman.conftest import Person, Platform, codes, new_event, new_person


async def invite(platform: Platform, owner: Person, event: str, invitee: Person) -> dict[str, Any]:
    return await platform.graphql(op.INVITE, {"e": event, "u": invitee.id}, owner.token)


async def sees(platform: Platform, person: Person | None, event: str) -> dict[str, Any] | None:
    body = await platform.graphql(op.EVENT, {"id": event}, person.token if person else None)
    seen: dict[str, Any] | None = body["data"]["event"]
    return seen


async def inbox_events(platform: Platform, person: Person, status: str | None = None) -> set[str]:
    body = await platform.graphql(op.INBOX, {"s": status}, person.token)
    return {
        node["event"]["id"]
        for node in body["data"]["myInvitations"]["nodes"]
        if node["event"] is not None
    }


async def inbox_ids(platform: Platform, person: Person) -> set[str]:
    body = await platform.graphql(op.INBOX, {"s": None}, person.token)
    return {node["id"] for node in body["data"]["myInvitations"]["nodes"]}


async def joined(platform: Platform, person: Person) -> set[str]:
    body = await platform.graphql(op.MY_PARTICIPATIONS, {}, person.token)
    return {node["event"]["id"] for node in body["data"]["myParticipations"]["nodes"]}


async def participants(platform: Platform, owner: Person, event: str) -> set[str]:
    body = await platform.graphql(op.PARTICIPANTS, {"id": event}, owner.token)
    return {node["user"]["id"] for node in body["data"]["event"]["participants"]["nodes"]}


# -- invite-own-events-only ------------------------------------------------------------------


async def test_owner_may_invite_to_own_event(platform: Platform) -> None:
    owner, guest = await new_person(platform, "owner"), await new_person(platform, "guest")
    event = await new_event(platform, owner, public=False)
    body = await invite(platform, owner, event, guest)
    assert body["data"]["invite"]["status"] == "PENDING"
    assert event in await inbox_events(platform, guest, "PENDING")


async def test_nobody_else_may_invite_to_an_event(platform: Platform) -> None:
    owner, other, guest = [await new_person(platform, n) for n in ("owner", "other", "guest")]
    event = await new_event(platform, owner, public=True)
    body = await invite(platform, other, event, guest)
    assert codes(body) == ["FORBIDDEN"]
    assert body["errors"][0]["extensions"]["rule"] == "invite-own-events-only"
    assert body["data"] is None
    assert await inbox_events(platform, guest) == set()


# -- subgraph-local invitation rules (never yourself, never twice, only the invitee answers) --


async def test_never_invite_yourself(platform: Platform) -> None:
    owner = await new_person(platform, "owner")
    event = await new_event(platform, owner, public=False)
    body = await invite(platform, owner, event, owner)
    assert codes(body) == ["BAD_USER_INPUT"]
    assert await inbox_ids(platform, owner) == set()


async def test_never_invite_twice(platform: Platform) -> None:
    owner, guest = await new_person(platform, "owner"), await new_person(platform, "guest")
    event = await new_event(platform, owner, public=False)
    assert "errors" not in await invite(platform, owner, event, guest)
    assert codes(await invite(platform, owner, event, guest)) == ["CONFLICT"]
    assert len(await inbox_ids(platform, guest)) == 1


async def test_only_the_invitee_answers(platform: Platform) -> None:
    owner, guest, other = [await new_person(platform, n) for n in ("owner", "guest", "other")]
    event = await new_event(platform, owner, public=True)
    invitation = (await invite(platform, owner, event, guest))["data"]["invite"]["id"]
    denied = await platform.graphql(op.RESPOND, {"id": invitation, "s": "ACCEPTED"}, other.token)
    assert codes(denied) == ["FORBIDDEN"]
    assert await joined(platform, other) == set()
    allowed = await platform.graphql(op.RESPOND, {"id": invitation, "s": "ACCEPTED"}, guest.token)
    assert allowed["data"]["respondToInvitation"]["status"] == "ACCEPTED"


# -- invitee-sees-event / cancel-hides-event --------------------------------------------------


async def test_invitee_sees_the_private_event_until_the_invitation_is_cancelled(
    platform: Platform,
) -> None:
    owner, guest = await new_person(platform, "owner"), await new_person(platform, "guest")
    event = await new_event(platform, owner, public=False)
    assert await sees(platform, guest, event) is None
    invitation = (await invite(platform, owner, event, guest))["data"]["invite"]["id"]
    assert await sees(platform, guest, event) == {
        "id": event,
        "title": "Private dinner",
        "access": "FULL",
    }
    denied = await platform.graphql(op.CANCEL, {"id": invitation}, guest.token)
    assert codes(denied) == ["FORBIDDEN"]
    assert await sees(platform, guest, event) is not None
    cancelled = await platform.graphql(op.CANCEL, {"id": invitation}, owner.token)
    assert cancelled["data"]["cancelInvitation"] is True
    assert await sees(platform, guest, event) is None
    assert await inbox_ids(platform, guest) == set()


# -- answer-sets-participation ----------------------------------------------------------------


async def test_accepting_makes_a_participant_and_declining_undoes_it(platform: Platform) -> None:
    owner, guest = await new_person(platform, "owner"), await new_person(platform, "guest")
    event = await new_event(platform, owner, public=False)
    invitation = (await invite(platform, owner, event, guest))["data"]["invite"]["id"]
    accepted = await platform.graphql(op.RESPOND, {"id": invitation, "s": "ACCEPTED"}, guest.token)
    assert accepted["data"]["respondToInvitation"]["status"] == "ACCEPTED"
    assert await joined(platform, guest) == {event}
    assert await participants(platform, owner, event) == {guest.id}
    assert event not in await inbox_events(platform, guest, "PENDING")  # answered: left the inbox
    declined = await platform.graphql(op.RESPOND, {"id": invitation, "s": "DECLINED"}, guest.token)
    assert declined["data"]["respondToInvitation"]["status"] == "DECLINED"
    assert await joined(platform, guest) == set()
    assert await participants(platform, owner, event) == set()
    assert await sees(platform, guest, event) is not None  # still invited


# -- join-public-or-invited / joiner-sees-event / leaver-loses-event --------------------------


async def test_join_public_event_without_invitation(platform: Platform) -> None:
    owner, guest = await new_person(platform, "owner"), await new_person(platform, "guest")
    event = await new_event(platform, owner, public=True)
    body = await platform.graphql(op.JOIN, {"e": event}, guest.token)
    assert "errors" not in body
    assert await joined(platform, guest) == {event}


async def test_join_private_event_needs_an_invitation(platform: Platform) -> None:
    owner, reader, guest = [await new_person(platform, n) for n in ("owner", "reader", "guest")]
    event = await new_event(platform, owner, public=False)
    await platform.graphql(op.SHARE, {"g": reader.id, "l": "DETAILS"}, owner.token)
    assert await sees(platform, reader, event) is not None  # sees it, but is not invited
    denied = await platform.graphql(op.JOIN, {"e": event}, reader.token)
    assert codes(denied) == ["FORBIDDEN"]
    assert denied["errors"][0]["extensions"]["rule"] == "join-public-or-invited"
    assert await joined(platform, reader) == set()
    hidden = await platform.graphql(op.JOIN, {"e": event}, guest.token)
    assert codes(hidden) == ["REFERENCE_NOT_FOUND"]  # cannot even see it
    await invite(platform, owner, event, guest)
    allowed = await platform.graphql(op.JOIN, {"e": event}, guest.token)
    assert "errors" not in allowed
    assert await joined(platform, guest) == {event}


async def test_participant_keeps_seeing_an_event_made_private_until_leaving(
    platform: Platform,
) -> None:
    owner, guest, other = [await new_person(platform, n) for n in ("owner", "guest", "other")]
    event = await new_event(platform, owner, public=True)
    assert "errors" not in await platform.graphql(op.JOIN, {"e": event}, guest.token)
    made_private = await platform.graphql(
        op.UPDATE, {"id": event, "input": {"isPublic": False}}, owner.token
    )
    assert made_private["data"]["updateEvent"]["isPublic"] is False
    assert await sees(platform, guest, event) is not None
    assert await sees(platform, other, event) is None
    left = await platform.graphql(op.LEAVE, {"e": event}, guest.token)
    assert left["data"]["leaveEvent"] is True
    assert await sees(platform, guest, event) is None


# -- share-mirrors-level / revoke-hides-calendar / share only with another user ---------------


async def calendar(platform: Platform, viewer: Person, owner: Person) -> dict[str, Any]:
    body = await platform.graphql(op.CALENDAR, {"owner": owner.id}, viewer.token)
    return {node["id"]: node for node in body["data"]["user"]["events"]["nodes"]}


async def test_share_levels_decide_what_the_grantee_sees(platform: Platform) -> None:
    owner, reader = await new_person(platform, "owner"), await new_person(platform, "reader")
    event = await new_event(platform, owner, public=False)
    assert event not in await calendar(platform, reader, owner)
    await platform.graphql(op.SHARE, {"g": reader.id, "l": "DETAILS"}, owner.token)
    assert (await calendar(platform, reader, owner))[event]["title"] == "Private dinner"
    await platform.graphql(op.SHARE, {"g": reader.id, "l": "FREE_BUSY"}, owner.token)
    busy = (await calendar(platform, reader, owner))[event]
    assert (busy["title"], busy["description"], busy["access"]) == (None, None, "FREE_BUSY")
    assert busy["startsAt"] and busy["endsAt"]
    revoked = await platform.graphql(op.REVOKE, {"g": reader.id}, owner.token)
    assert revoked["data"]["revokeShare"] is True
    assert event not in await calendar(platform, reader, owner)


async def test_share_only_with_another_user(platform: Platform) -> None:
    owner = await new_person(platform, "owner")
    body = await platform.graphql(op.SHARE, {"g": owner.id, "l": "DETAILS"}, owner.token)
    assert codes(body) == ["BAD_USER_INPUT"]


# -- delete-event-cleans-up / only the owner changes an event ---------------------------------


async def test_only_the_owner_updates_or_deletes(platform: Platform) -> None:
    owner, other = await new_person(platform, "owner"), await new_person(platform, "other")
    event = await new_event(platform, owner, public=True)
    update = await platform.graphql(op.UPDATE, {"id": event, "input": {"title": "x"}}, other.token)
    assert codes(update) == ["FORBIDDEN"]
    assert codes(await platform.graphql(op.DELETE, {"id": event}, other.token)) == ["FORBIDDEN"]
    assert (await sees(platform, owner, event) or {}).get("title") == "Public party"


async def test_deleting_an_event_removes_its_invitations_and_participations(
    platform: Platform,
) -> None:
    owner, guest, fan = [await new_person(platform, n) for n in ("owner", "guest", "fan")]
    event = await new_event(platform, owner, public=True)
    invitation = (await invite(platform, owner, event, guest))["data"]["invite"]["id"]
    await platform.graphql(op.RESPOND, {"id": invitation, "s": "ACCEPTED"}, guest.token)
    await platform.graphql(op.JOIN, {"e": event}, fan.token)
    assert await participants(platform, owner, event) == {guest.id, fan.id}
    deleted = await platform.graphql(op.DELETE, {"id": event}, owner.token)
    assert deleted == {"data": {"deleteEvent": event}}
    assert await inbox_ids(platform, guest) == set()
    assert await joined(platform, guest) == set()
    assert await joined(platform, fan) == set()
    assert await sees(platform, owner, event) is None
    again = await platform.graphql(op.DELETE, {"id": event}, owner.token)
    assert again == {"data": {"deleteEvent": event}}  # idempotent
