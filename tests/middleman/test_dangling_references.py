"""Reads never break on a dangling reference: a participation, invitation or share whose event
or user is gone (deleted straight from the owning subgraph's database, as a crash between the
steps of a delete would leave it) still reads, with null where the reference was.

The reference is null; selecting a non-null field of the vanished entity is explained by an
ENTITY_NOT_FOUND error naming the owning subgraph, never an INTERNAL_SERVER_ERROR, and the
rest of the answer is intact.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pymongo
import pytest
from bson import ObjectId

from tests.middleman.conftest import Person, Platform, codes, new_event, new_person
from tests.webapp.stack import Stack

JOIN = "mutation($e: ID!) { joinEvent(eventId: $e) { id } }"
INVITE = "mutation($e: ID!, $u: ID!) { invite(eventId: $e, inviteeId: $u) { id } }"
SHARE = "mutation($u: ID!) { shareCalendar(granteeId: $u, level: DETAILS) { id } }"
EVENT_FIELDS = "id title isPublic startsAt owner { id username }"


@pytest.fixture(scope="module")
def mongo(stack: Stack) -> Iterator[pymongo.MongoClient[dict[str, Any]]]:
    client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(stack.mongo_uri)
    yield client
    client.close()


def _delete(mongo: pymongo.MongoClient[dict[str, Any]], database: str, id: str) -> None:
    """Delete a document of the subgraph's main collection (named like its database)."""
    assert mongo[database][database].delete_one({"_id": ObjectId(id)}).deleted_count == 1


def _assert_read_survives(body: dict[str, Any], *services: str) -> None:
    assert body.get("data") is not None, body
    assert set(codes(body)) <= {"ENTITY_NOT_FOUND"}, body
    for error in body.get("errors", []):
        assert error["extensions"]["serviceName"] in services, error
        assert "Error" not in error["message"] and "Traceback" not in error["message"], error


async def _do(platform: Platform, query: str, variables: dict[str, Any], who: Person) -> None:
    body = await platform.graphql(query, variables, who.token)
    assert "errors" not in body, body


async def test_participation_in_a_deleted_event_reads_with_a_null_event(
    platform: Platform, mongo: pymongo.MongoClient[dict[str, Any]]
) -> None:
    owner, guest = await new_person(platform, "owner"), await new_person(platform, "guest")
    gone = await new_event(platform, owner, public=True, title="Soon gone")
    kept = await new_event(platform, owner, public=True, title="Still on")
    for event_id in (gone, kept):
        await _do(platform, JOIN, {"e": event_id}, guest)
    _delete(mongo, "events", gone)

    query = f"{{ myParticipations {{ nodes {{ event {{ {EVENT_FIELDS} }} user {{ id }} }} }} }}"
    body = await platform.graphql(query, {}, guest.token)

    _assert_read_survives(body, "events")
    nodes = body["data"]["myParticipations"]["nodes"]
    assert [node["user"] for node in nodes] == [{"id": guest.id}] * 2
    [present] = [node["event"] for node in nodes if node["event"] is not None]
    assert len(nodes) == 2  # listed with event: null (the web app leaves it out)
    assert present["id"] == kept and present["title"] == "Still on"
    assert present["owner"] == {"id": owner.id, "username": owner.username}


async def test_orphan_event_of_a_deleted_user_keeps_public_events_readable(
    platform: Platform, mongo: pymongo.MongoClient[dict[str, Any]]
) -> None:
    owner = await new_person(platform, "leaver")
    title = f"Orphan {owner.username}"
    event_id = await new_event(platform, owner, public=True, title=title)
    _delete(mongo, "users", owner.id)

    query = (
        "query($q: String) { publicEvents(search: $q) { nodes { id title owner { username } } } }"
    )
    body = await platform.graphql(query, {"q": title})  # anonymous, like every visitor

    _assert_read_survives(body, "users")
    assert body["data"]["publicEvents"]["nodes"] == [
        {"id": event_id, "title": title, "owner": None}
    ]


async def test_invitation_from_a_deleted_user_to_a_deleted_event_still_reads(
    platform: Platform, mongo: pymongo.MongoClient[dict[str, Any]]
) -> None:
    inviter, invitee = await new_person(platform, "host"), await new_person(platform, "invitee")
    event_id = await new_event(platform, inviter, public=False)
    invited = await platform.graphql(INVITE, {"e": event_id, "u": invitee.id}, inviter.token)
    invitation_id = invited["data"]["invite"]["id"]
    _delete(mongo, "users", inviter.id)

    query = (
        "{ myInvitations { nodes { id status inviter { username } invitee { username } "
        f"event {{ {EVENT_FIELDS} }} }} }} }}"
    )
    body = await platform.graphql(query, {}, invitee.token)
    _assert_read_survives(body, "users")
    [node] = body["data"]["myInvitations"]["nodes"]
    assert node["id"] == invitation_id and node["inviter"] is None
    assert node["invitee"] == {"username": invitee.username}
    assert node["event"]["owner"] is None  # the event is there, its owner is gone

    _delete(mongo, "events", event_id)
    body = await platform.graphql(query, {}, invitee.token)
    _assert_read_survives(body, "events", "users")
    [node] = body["data"]["myInvitations"]["nodes"]
    assert node["id"] == invitation_id and node["event"] is None


async def test_share_of_a_deleted_user_reads_with_a_null_owner(
    platform: Platform, mongo: pymongo.MongoClient[dict[str, Any]]
) -> None:
    leaving, staying = await new_person(platform, "sharer"), await new_person(platform, "sharer")
    grantee = await new_person(platform, "grantee")
    for owner in (leaving, staying):
        await _do(platform, SHARE, {"u": grantee.id}, owner)
    _delete(mongo, "users", leaving.id)

    query = "{ sharesReceived { nodes { level owner { id username } } } }"
    body = await platform.graphql(query, {}, grantee.token)

    _assert_read_survives(body, "users")
    owners = [node["owner"] for node in body["data"]["sharesReceived"]["nodes"]]
    assert sorted(owners, key=lambda owner: owner is None) == [
        {"id": staying.id, "username": staying.username},
        None,
    ]
