"""Writes that span subgraphs, interrupted between their steps: the client hears that the
change is recorded (``WRITE_PENDING``), and the router's reconciler finishes it once the
subgraph is back — nobody has to repeat the mutation."""

from __future__ import annotations

from tests.middleman import operations as op
from tests.middleman.conftest import Platform, codes, eventually, new_event, new_person
from tests.middleman.fault_proxy import FaultProxy
from tests.middleman.test_rules import inbox_ids, invite, joined, participants


async def invitation_status(platform: Platform, person_token: str) -> list[str]:
    body = await platform.graphql(op.INBOX, {"s": None}, person_token)
    return [node["status"] for node in body["data"]["myInvitations"]["nodes"]]


async def test_accept_with_participations_down_is_finished_by_the_reconciler(
    platform: Platform, proxy: FaultProxy
) -> None:
    owner, guest = await new_person(platform, "owner"), await new_person(platform, "guest")
    event = await new_event(platform, owner, public=False)
    invitation = (await invite(platform, owner, event, guest))["data"]["invite"]["id"]
    proxy.refused_fields.add("joinEvent")
    failed = await platform.graphql(op.RESPOND, {"id": invitation, "s": "ACCEPTED"}, guest.token)
    assert codes(failed) == ["WRITE_PENDING"]
    assert failed["errors"][0]["extensions"]["rule"] == "answer-sets-participation"
    assert "will be finished automatically" in failed["errors"][0]["message"]
    assert await joined(platform, guest) == set()  # not yet: participations is down
    proxy.refused_fields.clear()
    assert await eventually(lambda: joined(platform, guest), bool, "joined") == {event}
    assert await invitation_status(platform, guest.token) == ["ACCEPTED"]
    assert await participants(platform, owner, event) == {guest.id}


async def test_accept_with_invitations_down_is_finished_by_the_reconciler(
    platform: Platform, proxy: FaultProxy
) -> None:
    owner, guest = await new_person(platform, "owner"), await new_person(platform, "guest")
    event = await new_event(platform, owner, public=False)
    invitation = (await invite(platform, owner, event, guest))["data"]["invite"]["id"]
    proxy.refused_fields.add("respondToInvitation")  # the answer itself cannot be stored
    failed = await platform.graphql(op.RESPOND, {"id": invitation, "s": "ACCEPTED"}, guest.token)
    assert set(codes(failed)) == {"SUBGRAPH_UNAVAILABLE", "WRITE_PENDING"}
    assert proxy.refused_count > 0
    proxy.refused_fields.clear()
    statuses = await eventually(
        lambda: invitation_status(platform, guest.token), lambda s: s == ["ACCEPTED"], "ACCEPTED"
    )
    assert statuses == ["ACCEPTED"]
    assert await eventually(lambda: joined(platform, guest), bool, "joined") == {event}


async def test_interrupted_delete_is_finished_and_its_invitations_cannot_be_accepted(
    platform: Platform, proxy: FaultProxy
) -> None:
    owner, guest, fan = [await new_person(platform, n) for n in ("owner", "guest", "fan")]
    event = await new_event(platform, owner, public=True)
    invitation = (await invite(platform, owner, event, guest))["data"]["invite"]["id"]
    assert "errors" not in await platform.graphql(op.JOIN, {"e": event}, fan.token)
    proxy.refused_fields.add("removeEventInvitations")  # the invitations step of the clean-up
    failed = await platform.graphql(op.DELETE, {"id": event}, owner.token)
    assert failed["data"] == {"deleteEvent": event}
    assert codes(failed) == ["WRITE_PENDING"]
    # While the clean-up waits, the invitation of the deleted event cannot be accepted.
    accepted = await platform.graphql(op.RESPOND, {"id": invitation, "s": "ACCEPTED"}, guest.token)
    assert codes(accepted) == ["NOT_FOUND"]
    assert await joined(platform, guest) == set()
    proxy.refused_fields.clear()
    await eventually(lambda: inbox_ids(platform, guest), lambda ids: not ids, "cleaned up")
    assert await eventually(lambda: joined(platform, fan), lambda j: not j, "left") == set()
    reads = await platform.graphql(op.MY_PARTICIPATIONS, {}, guest.token)
    assert "errors" not in reads
