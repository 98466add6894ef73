"""Writes that span two subgraphs, interrupted between their steps: never half a state, and
repeating the mutation converges."""

from __future__ import annotations

from tests.middleman import operations as op
from tests.middleman.conftest import Platform, codes, new_event, new_person
from tests.middleman.fault_proxy import FaultProxy
from tests.middleman.test_rules import inbox_ids, invite, joined, participants


async def invitation_status(platform: Platform, person_token: str) -> list[str]:
    body = await platform.graphql(op.INBOX, {"s": None}, person_token)
    return [node["status"] for node in body["data"]["myInvitations"]["nodes"]]


async def test_accept_with_participations_down_changes_nothing(
    platform: Platform, proxy: FaultProxy
) -> None:
    owner, guest = await new_person(platform, "owner"), await new_person(platform, "guest")
    event = await new_event(platform, owner, public=False)
    invitation = (await invite(platform, owner, event, guest))["data"]["invite"]["id"]
    proxy.refused_fields.add("joinEvent")
    failed = await platform.graphql(op.RESPOND, {"id": invitation, "s": "ACCEPTED"}, guest.token)
    assert codes(failed) == ["SUBGRAPH_UNAVAILABLE"]
    assert failed["errors"][0]["extensions"]["rule"] == "answer-sets-participation"
    proxy.refused_fields.clear()
    assert await invitation_status(platform, guest.token) == ["PENDING"]
    assert await joined(platform, guest) == set()
    retried = await platform.graphql(op.RESPOND, {"id": invitation, "s": "ACCEPTED"}, guest.token)
    assert retried["data"]["respondToInvitation"]["status"] == "ACCEPTED"
    assert await joined(platform, guest) == {event}


async def test_accept_interrupted_after_joining_converges_on_retry(
    platform: Platform, proxy: FaultProxy
) -> None:
    owner, guest = await new_person(platform, "owner"), await new_person(platform, "guest")
    event = await new_event(platform, owner, public=False)
    invitation = (await invite(platform, owner, event, guest))["data"]["invite"]["id"]
    proxy.refused_fields.add("respondToInvitation")  # the invitations step fails
    failed = await platform.graphql(op.RESPOND, {"id": invitation, "s": "ACCEPTED"}, guest.token)
    assert codes(failed) == ["SUBGRAPH_UNAVAILABLE"]
    assert proxy.refused_count > 0
    proxy.refused_fields.clear()
    # In between: a participant whose invitation still waits in the inbox (nothing lost).
    assert await joined(platform, guest) == {event}
    assert await invitation_status(platform, guest.token) == ["PENDING"]
    retried = await platform.graphql(op.RESPOND, {"id": invitation, "s": "ACCEPTED"}, guest.token)
    assert retried["data"]["respondToInvitation"]["status"] == "ACCEPTED"
    assert await participants(platform, owner, event) == {guest.id}  # still exactly one


async def test_delete_interrupted_during_clean_up_finishes_on_retry(
    platform: Platform, proxy: FaultProxy
) -> None:
    owner, guest, fan = [await new_person(platform, n) for n in ("owner", "guest", "fan")]
    event = await new_event(platform, owner, public=True)
    await invite(platform, owner, event, guest)
    assert "errors" not in await platform.graphql(op.JOIN, {"e": event}, fan.token)
    proxy.refused_fields.add("removeEventParticipations")
    failed = await platform.graphql(op.DELETE, {"id": event}, owner.token)
    proxy.refused_fields.clear()
    assert failed["data"] == {"deleteEvent": event}
    assert codes(failed) == ["SUBGRAPH_UNAVAILABLE"]
    assert "delete it again" in failed["errors"][0]["message"]
    assert await inbox_ids(platform, guest) == set()
    assert await joined(platform, fan) == {event}  # not yet cleaned up
    retried = await platform.graphql(op.DELETE, {"id": event}, owner.token)
    assert retried == {"data": {"deleteEvent": event}}
    assert await joined(platform, fan) == set()
