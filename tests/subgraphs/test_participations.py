"""The participations subgraph over HTTP, against its own mongoeco database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from bson import ObjectId

from tests.subgraphs.social_support import (
    Caller,
    Json,
    QueryCounter,
    Subgraph,
    entity_call,
    people_fixture,
    subgraph_fixture,
)

PARTICIPATION_FIELDS = "id joinedAt event { id } user { id }"
JOIN = f"mutation ($eventId: ID!) {{ joinEvent(eventId: $eventId) {{ {PARTICIPATION_FIELDS} }} }}"
LEAVE = "mutation ($eventId: ID!) { leaveEvent(eventId: $eventId) }"
PAGE = "totalCount edges { cursor node { id event { id } } } pageInfo { hasNextPage endCursor }"
MINE = f"""
query ($first: Int! = 20, $after: String) {{
  myParticipations(first: $first, after: $after) {{ {PAGE} }}
}}"""


participations = subgraph_fixture("participations")
people = people_fixture(2)


def join(subgraph: Subgraph, user: Caller, event: ObjectId) -> Json:
    participation: Json = subgraph.execute(JOIN, {"eventId": str(event)}, user=user).ok()[
        "joinEvent"
    ]
    return participation


def stored(subgraph: Subgraph, **query: Any) -> list[Json]:
    return list(subgraph.db.participations.find(query))


def event_ids(connection: Json) -> list[str]:
    return [edge["node"]["event"]["id"] for edge in connection["edges"]]


def test_joining_creates_one_participation_and_joining_again_returns_it(
    participations: Subgraph, people: list[Caller]
) -> None:
    user, event = people[0], ObjectId()

    first = join(participations, user, event)
    second = join(participations, user, event)

    assert first == second
    assert first["event"] == {"id": str(event)}
    assert first["user"] == {"id": user.id}
    joined = datetime.fromisoformat(first["joinedAt"])
    assert joined.utcoffset() == timedelta(0)
    [document] = stored(participations, eventId=event)
    assert (document["_id"], document["userId"]) == (ObjectId(first["id"]), ObjectId(user.id))
    assert document["joinedAt"] == joined


@pytest.mark.parametrize("operation", [JOIN, LEAVE], ids=["joinEvent", "leaveEvent"])
def test_malformed_event_ids_are_bad_input(
    participations: Subgraph, people: list[Caller], operation: str
) -> None:
    before = participations.document_count("participations")

    error = participations.execute(operation, {"eventId": "hello world!"}, user=people[0]).error()

    assert (error.code, error.field) == ("BAD_USER_INPUT", "eventId")
    assert participations.document_count("participations") == before


def test_leaving_removes_the_participation_and_is_idempotent(
    participations: Subgraph, people: list[Caller]
) -> None:
    user, other, event = people[0], people[1], ObjectId()
    join(participations, user, event)
    join(participations, other, event)

    left = participations.execute(LEAVE, {"eventId": str(event)}, user=user).ok()
    again = participations.execute(LEAVE, {"eventId": str(event)}, user=user).ok()

    assert (left, again) == ({"leaveEvent": True}, {"leaveEvent": False})
    assert [doc["userId"] for doc in stored(participations, eventId=event)] == [ObjectId(other.id)]


SOME_ID = str(ObjectId())


@pytest.mark.parametrize(
    ("operation", "variables"),
    [
        pytest.param(JOIN, {"eventId": SOME_ID}, id="joinEvent"),
        pytest.param(LEAVE, {"eventId": SOME_ID}, id="leaveEvent"),
        pytest.param(MINE, {}, id="myParticipations"),
        entity_call("Event", "participants { totalCount }", "Event.participants", SOME_ID),
        entity_call("Event", "myParticipation { id }", "Event.myParticipation", SOME_ID),
        entity_call("User", "participations { totalCount }", "User.participations", SOME_ID),
        entity_call("Participation", "id", "_entities(Participation)", SOME_ID),
    ],
)
def test_operations_require_a_logged_in_caller(
    participations: Subgraph, operation: str, variables: Json
) -> None:
    result = participations.execute(operation, variables)

    assert [error.code for error in result.errors] == ["UNAUTHENTICATED"]
    assert stored(participations, eventId=ObjectId(SOME_ID)) == []


def test_participant_count_is_public(participations: Subgraph, people: list[Caller]) -> None:
    event = ObjectId()
    join(participations, people[0], event)
    representations = [{"__typename": "Event", "id": str(event)}]

    result = participations.execute(
        "query ($r: [_Any!]!) { _entities(representations: $r) "
        "{ ... on Event { participantCount } } }",
        {"r": representations},
    ).ok()

    assert result == {"_entities": [{"participantCount": 1}]}


def test_my_participations_newest_first_with_cursor_pagination(
    participations: Subgraph, new_account: Callable[[], Caller]
) -> None:
    user = new_account()
    events = [ObjectId() for _ in range(3)]
    for event in events:
        join(participations, user, event)
    newest_first = [str(event) for event in reversed(events)]

    page1 = participations.execute(MINE, {"first": 2}, user=user).ok()["myParticipations"]
    after = page1["pageInfo"]["endCursor"]
    page2 = participations.execute(MINE, {"first": 2, "after": after}, user=user).ok()

    assert event_ids(page1) == newest_first[:2]
    assert page1["pageInfo"]["hasNextPage"] is True
    assert page1["totalCount"] == 3
    assert event_ids(page2["myParticipations"]) == newest_first[2:]
    assert page2["myParticipations"]["pageInfo"] == {
        "hasNextPage": False,
        "endCursor": page2["myParticipations"]["edges"][-1]["cursor"],
    }


@pytest.mark.parametrize(
    ("variables", "field"),
    [({"first": 0}, "first"), ({"first": 101}, "first"), ({"after": "%%%"}, "after")],
)
def test_page_arguments_are_validated(
    participations: Subgraph, people: list[Caller], variables: Json, field: str
) -> None:
    error = participations.execute(MINE, variables, user=people[0]).error()

    assert (error.code, error.field) == ("BAD_USER_INPUT", field)


def test_event_participants_counts_and_my_participation_in_one_batch(
    participations: Subgraph, people: list[Caller]
) -> None:
    alice, bob = people
    busy, quiet = ObjectId(), ObjectId()
    alice_joined = join(participations, alice, busy)
    join(participations, bob, busy)
    # ``access`` is what the router passes for ``participants @requires(fields: "access")``.
    representations = [
        {"__typename": "Event", "id": str(event), "access": "FULL"} for event in (busy, quiet, busy)
    ] + [{"__typename": "Event", "id": "not-an-id", "access": "FULL"}]
    selection = """... on Event {
        participantCount
        myParticipation { id }
        participants(first: 1) { totalCount nodes { user { id } } pageInfo { hasNextPage } }
    }"""

    with QueryCounter(participations.db, "participations") as counter:
        entities = participations.entities(representations, selection, user=alice).ok()
        commands = counter.commands()

    busy_view = {
        "participantCount": 2,
        "myParticipation": {"id": alice_joined["id"]},
        "participants": {
            "totalCount": 2,
            "nodes": [{"user": {"id": alice.id}}],
            "pageInfo": {"hasNextPage": True},
        },
    }
    empty_view = {
        "participantCount": 0,
        "myParticipation": None,
        "participants": {"totalCount": 0, "nodes": [], "pageInfo": {"hasNextPage": False}},
    }
    assert entities["_entities"] == [busy_view, empty_view, busy_view, empty_view]
    # One aggregate for all counts and one find for all "my" participations; each
    # participants list is its own page (a find, plus a count for totalCount).
    batched = [c for c in commands if "participants" not in str(c) and "$in" in str(c)]
    assert len(batched) == 2, commands


def test_entities_resolve_participations_in_a_batch_with_one_query(
    participations: Subgraph, people: list[Caller]
) -> None:
    user = people[0]
    first = join(participations, user, ObjectId())
    second = join(participations, user, ObjectId())
    ids = [second["id"], str(ObjectId()), first["id"], "x"]
    representations = [{"__typename": "Participation", "id": id_} for id_ in ids]

    with QueryCounter(participations.db, "participations") as counter:
        result = participations.entities(
            representations, "... on Participation { id user { id } }", user=people[1]
        ).ok()
        [query] = counter.commands()

    assert result["_entities"] == [
        {"id": second["id"], "user": {"id": user.id}},
        None,
        {"id": first["id"], "user": {"id": user.id}},
        None,
    ]
    assert "$in" in str(query["filter"])


def test_user_participations_are_visible_to_that_user_only(
    participations: Subgraph, people: list[Caller], new_account: Callable[[], Caller]
) -> None:
    user, event = new_account(), ObjectId()
    join(participations, user, event)
    representations = [{"__typename": "User", "id": user.id}]
    selection = "... on User { participations { nodes { event { id } } } }"

    own = participations.entities(representations, selection, user=user).ok()
    foreign = participations.entities(representations, selection, user=people[0])

    assert own == {"_entities": [{"participations": {"nodes": [{"event": {"id": str(event)}}]}}]}
    assert foreign.error().code == "FORBIDDEN"
    assert foreign.data == {"_entities": [{"participations": None}]}


@pytest.mark.parametrize("access", ["FREE_BUSY", None])
def test_participants_stay_hidden_without_full_access_to_the_event(
    participations: Subgraph, people: list[Caller], access: str | None
) -> None:
    """``participants`` @requires the caller's ``access`` from the events subgraph: a free/busy
    viewer (or a representation without it) sees nobody."""
    alice, bob = people
    event = ObjectId()
    join(participations, bob, event)
    representation: Json = {"__typename": "Event", "id": str(event)}
    if access is not None:
        representation["access"] = access
    selection = "... on Event { participants { totalCount nodes { user { id } } } }"
    entities = participations.entities([representation], selection, user=alice).ok()
    assert entities["_entities"] == [{"participants": {"totalCount": 0, "nodes": []}}]
    full = participations.entities(
        [{**representation, "access": "FULL"}], selection, user=alice
    ).ok()
    assert full["_entities"] == [
        {"participants": {"totalCount": 1, "nodes": [{"user": {"id": bob.id}}]}}
    ]
