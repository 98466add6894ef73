"""Who sees what of a public and a private event, on every query path.

Viewers: the owner, an invitee (pending), a participant (accepted), holders of a DETAILS and
of a FREE_BUSY share of the owner's calendar, a stranger and an anonymous caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio

from router.interfaces import Identity
from tests.middleman import operations as op
from tests.middleman.conftest import Person, Platform, new_event, new_person
from tests.support.router_credentials import credential

FULL, FREE_BUSY, NONE = "FULL", "FREE_BUSY", None
VIEWERS = ("owner", "invitee", "participant", "details", "free_busy", "stranger", "anonymous")
EXPECTED: dict[str, dict[str, str | None]] = {
    "owner": {"public": FULL, "private": FULL},
    "invitee": {"public": FULL, "private": FULL},
    "participant": {"public": FULL, "private": FULL},
    "details": {"public": FULL, "private": FULL},
    "free_busy": {"public": FULL, "private": FREE_BUSY},
    "stranger": {"public": FULL, "private": NONE},
    "anonymous": {"public": FULL, "private": NONE},
}
BASE_FIELDS = "id title description startsAt endsAt access"
FIELDS = f"{BASE_FIELDS} participants {{ totalCount }}"  # participants needs a login


def fields(viewer: str) -> str:
    return BASE_FIELDS if viewer == "anonymous" else FIELDS


@dataclass
class World:
    people: dict[str, Person]
    events: dict[str, str]  # "public" / "private" -> id
    public_title: str

    def token(self, viewer: str) -> str | None:
        person = self.people.get(viewer)
        return person.token if person else None


@pytest_asyncio.fixture(scope="module")
async def world(platform: Platform) -> World:
    people = {name: await new_person(platform, name[:8]) for name in VIEWERS[:-1]}
    owner = people["owner"]
    public_title = f"Matrix fair {owner.username}"
    events = {
        "public": await new_event(platform, owner, public=True, title=public_title),
        "private": await new_event(platform, owner, public=False),
    }
    for event in events.values():
        for guest in ("invitee", "participant"):
            body = await platform.graphql(
                op.INVITE, {"e": event, "u": people[guest].id}, owner.token
            )
            if guest == "participant":
                invitation = body["data"]["invite"]["id"]
                answer = {"id": invitation, "s": "ACCEPTED"}
                accepted = await platform.graphql(op.RESPOND, answer, people[guest].token)
                assert "errors" not in accepted, accepted
    for grantee, level in (("details", "DETAILS"), ("free_busy", "FREE_BUSY")):
        shared = await platform.graphql(
            op.SHARE, {"g": people[grantee].id, "l": level}, owner.token
        )
        assert "errors" not in shared, shared
    return World(people, events, public_title)


def check(seen: dict[str, Any] | None, expected: str | None, kind: str) -> None:
    """``seen`` is exactly what ``expected`` access allows of the ``kind`` event."""
    if expected is NONE:
        assert seen is None
        return
    assert seen is not None
    assert seen["access"] == expected
    assert seen["startsAt"] and seen["endsAt"]
    if expected == FULL:
        assert seen["title"] and seen["description"]
        if "participants" in seen:
            assert seen["participants"] == {"totalCount": 1}  # the participant
    else:
        assert (seen["title"], seen["description"]) == (None, None)
        if "participants" in seen:
            assert seen["participants"] == {"totalCount": 0}  # times only


async def by_event_id(platform: Platform, world: World, viewer: str, kind: str) -> Any:
    query = f"query($id: ID!) {{ event(id: $id) {{ {fields(viewer)} }} }}"
    body = await platform.graphql(query, {"id": world.events[kind]}, world.token(viewer))
    return _one(body, ("event",), world.events[kind], viewer)


async def through_owner(platform: Platform, world: World, viewer: str, kind: str) -> Any:
    events = f"events {{ nodes {{ {fields(viewer)} }} }}"
    if world.token(viewer) is None:  # user(id) needs a login: via the public event's owner
        query = f"query($id: ID!) {{ event(id: $id) {{ owner {{ {events} }} }} }}"
        body = await platform.graphql(query, {"id": world.events["public"]})
        return _one(body, ("event", "owner", "events", "nodes"), world.events[kind], viewer)
    query = f"query($id: ID!) {{ user(id: $id) {{ {events} }} }}"
    body = await platform.graphql(query, {"id": world.people["owner"].id}, world.token(viewer))
    return _one(body, ("user", "events", "nodes"), world.events[kind], viewer)


async def public_list(platform: Platform, world: World, viewer: str, kind: str) -> Any:
    query = f"query($s: String) {{ publicEvents(search: $s) {{ nodes {{ {fields(viewer)} }} }} }}"
    body = await platform.graphql(query, {"s": "Matrix fair"}, world.token(viewer))
    return _one(body, ("publicEvents", "nodes"), world.events[kind], viewer)


async def through_invitations(platform: Platform, world: World, viewer: str, kind: str) -> Any:
    query = f"{{ myInvitations(status: null) {{ nodes {{ event {{ {fields(viewer)} }} }} }} }}"
    body = await platform.graphql(query, {}, world.token(viewer))
    nodes = body["data"]["myInvitations"]["nodes"]
    return _pick([node["event"] for node in nodes], world.events[kind])


async def through_participations(platform: Platform, world: World, viewer: str, kind: str) -> Any:
    query = f"{{ myParticipations {{ nodes {{ event {{ {fields(viewer)} }} }} }} }}"
    body = await platform.graphql(query, {}, world.token(viewer))
    nodes = body["data"]["myParticipations"]["nodes"]
    return _pick([node["event"] for node in nodes], world.events[kind])


def _one(body: dict[str, Any], path: tuple[str, ...], event_id: str, viewer: str) -> Any:
    assert "errors" not in body, body
    value: Any = body["data"]
    for key in path:
        value = value[key]
    if isinstance(value, list):
        return _pick(value, event_id)
    return value


def _pick(events: list[dict[str, Any] | None], event_id: str) -> dict[str, Any] | None:
    matches = [event for event in events if event and event["id"] == event_id]
    assert len(matches) <= 1
    return matches[0] if matches else None


PATHS = {
    "event(id)": by_event_id,
    "User.events": through_owner,
}


@pytest.mark.parametrize("kind", ["public", "private"])
@pytest.mark.parametrize("path", sorted(PATHS))
@pytest.mark.parametrize("viewer", VIEWERS)
async def test_direct_paths(
    platform: Platform, world: World, viewer: str, path: str, kind: str
) -> None:
    seen = await PATHS[path](platform, world, viewer, kind)
    check(seen, EXPECTED[viewer][kind], kind)


@pytest.mark.parametrize("kind", ["public", "private"])
@pytest.mark.parametrize("viewer", VIEWERS)
async def test_public_events_list_shows_only_the_public_event(
    platform: Platform, world: World, viewer: str, kind: str
) -> None:
    seen = await public_list(platform, world, viewer, kind)
    if kind == "private":
        assert seen is None
    else:
        assert seen is not None and seen["title"] == world.public_title


# Invitations and participations list only the viewer's own: the invitee and participant
# reach both events through them; everyone else reaches nothing.
THROUGH = {"invitations": through_invitations, "participations": through_participations}
REACHES = {
    ("invitations", "invitee"),
    ("invitations", "participant"),
    ("participations", "participant"),
}


@pytest.mark.parametrize("kind", ["public", "private"])
@pytest.mark.parametrize("path", sorted(THROUGH))
@pytest.mark.parametrize("viewer", VIEWERS[:-1])
async def test_through_invitations_and_participations(
    platform: Platform, world: World, viewer: str, path: str, kind: str
) -> None:
    seen = await THROUGH[path](platform, world, viewer, kind)
    check(seen, EXPECTED[viewer][kind] if (path, viewer) in REACHES else NONE, kind)


ENTITIES = """query($reps: [_Any!]!) {
  _entities(representations: $reps) { ... on Event { id title description startsAt endsAt access } }
}"""


@pytest.mark.parametrize("kind", ["public", "private"])
@pytest.mark.parametrize("viewer", VIEWERS)
async def test_entities_of_the_events_subgraph(
    platform: Platform, world: World, viewer: str, kind: str
) -> None:
    """``_entities`` as the router sends it for this viewer (its credential, not a user token):
    the events subgraph applies the same visibility as every public path."""
    person = world.people.get(viewer)
    identity = Identity(person.id) if person else None
    events = platform.stack.subgraphs["events"]
    response = await platform.http.post(
        events.graphql_url,
        json={
            "query": ENTITIES,
            "variables": {"reps": [{"__typename": "Event", "id": world.events[kind]}]},
        },
        headers={"authorization": f"Bearer {credential(identity)}"},
    )
    body = response.json()
    assert "errors" not in body, body
    [seen] = body["data"]["_entities"]
    check(seen, EXPECTED[viewer][kind], kind)
