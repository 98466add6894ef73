"""The events subgraph over HTTP: create/update/delete rules, visibility, lists and search."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pymongo
import pytest
from bson import ObjectId

from tests.subgraphs.conftest import Account, unique_name
from tests.support.subgraphs import GraphQLClient, error_code, only_error

EVENT_FIELDS = """
id title description isPublic startsAt endsAt timeZone allDay owner { id } createdAt updatedAt
"""
CREATE = (
    f"mutation($input: CreateEventInput!) {{ createEvent(input: $input) {{ {EVENT_FIELDS} }} }}"
)
UPDATE = f"""
mutation($id: ID!, $input: UpdateEventInput!) {{
  updateEvent(id: $id, input: $input) {{ {EVENT_FIELDS} }}
}}
"""
DELETE = "mutation($id: ID!) { deleteEvent(id: $id) }"
EVENT = "query($id: ID!) { event(id: $id) { id title } }"
MY_EVENTS = """
query($from: DateTime, $to: DateTime, $first: Int!, $after: String) {
  myEvents(from: $from, to: $to, first: $first, after: $after) {
    edges { node { title } } pageInfo { hasNextPage endCursor }
  }
}
"""
PUBLIC_EVENTS = """
query($search: String, $from: DateTime, $to: DateTime) {
  publicEvents(search: $search, from: $from, to: $to, first: 50) { edges { node { title } } }
}
"""


def event_input(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "Team lunch",
        "startsAt": "2030-03-01T12:00:00+01:00",
        "endsAt": "2030-03-01T13:00:00+01:00",
        **overrides,
    }


def create(events: GraphQLClient, account: Account, **overrides: Any) -> dict[str, Any]:
    created: dict[str, Any] = events.with_token(account.token).data(
        CREATE, {"input": event_input(**overrides)}
    )["createEvent"]
    return created


def titles(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["title"] for edge in connection["edges"]]


def test_create_event_stores_utc_and_returns_aware_times(
    events: GraphQLClient, alice: Account, mongo: pymongo.MongoClient[dict[str, Any]]
) -> None:
    event = create(
        events, alice, description="Soup", isPublic=True, timeZone="Europe/Paris", allDay=False
    )

    assert event["owner"] == {"id": alice.id}
    assert event["startsAt"] == "2030-03-01T11:00:00+00:00"
    assert event["endsAt"] == "2030-03-01T12:00:00+00:00"
    assert (event["timeZone"], event["description"], event["isPublic"]) == (
        "Europe/Paris",
        "Soup",
        True,
    )
    assert event["createdAt"] == event["updatedAt"]
    stored = mongo["events"]["events"].find_one({"_id": ObjectId(event["id"])})
    assert stored is not None
    assert stored["startsAt"] == datetime(2030, 3, 1, 11, tzinfo=UTC)
    assert stored["ownerId"] == alice.id


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("title", {"title": "  "}),
        ("title", {"title": "t" * 201}),
        ("description", {"description": "d" * 5001}),
        ("startsAt", {"startsAt": "2030-03-01T12:00:00"}),
        ("endsAt", {"endsAt": "2030-03-01T11:59:00+01:00"}),
        ("timeZone", {"timeZone": "Europe/Atlantis"}),
    ],
)
def test_create_event_rejects_bad_input_and_stores_nothing(
    events: GraphQLClient,
    alice: Account,
    mongo: pymongo.MongoClient[dict[str, Any]],
    field: str,
    overrides: dict[str, Any],
) -> None:
    stored_before = mongo["events"]["events"].count_documents({"ownerId": alice.id})
    body = events.with_token(alice.token).execute(CREATE, {"input": event_input(**overrides)})

    assert only_error(body)["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert mongo["events"]["events"].count_documents({"ownerId": alice.id}) == stored_before


def test_create_event_requires_a_token(
    events: GraphQLClient, mongo: pymongo.MongoClient[dict[str, Any]]
) -> None:
    title = unique_name("anonymous")
    body = events.execute(CREATE, {"input": event_input(title=title)})

    assert error_code(body) == "UNAUTHENTICATED"
    assert mongo["events"]["events"].count_documents({"title": title}) == 0


def test_owner_updates_some_fields(events: GraphQLClient, alice: Account) -> None:
    event = create(events, alice, description="keep me")

    updated = events.with_token(alice.token).data(
        UPDATE, {"id": event["id"], "input": {"title": "Renamed", "endsAt": "2030-03-01T15:00:00Z"}}
    )["updateEvent"]

    assert updated["title"] == "Renamed"
    assert updated["endsAt"] == "2030-03-01T15:00:00+00:00"
    assert updated["description"] == "keep me"
    assert updated["startsAt"] == event["startsAt"]
    assert updated["updatedAt"] > event["updatedAt"]


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("endsAt", {"endsAt": "2030-03-01T10:00:00Z"}),
        ("startsAt", {"startsAt": "2030-03-02T00:00:00Z"}),
        ("title", {"title": ""}),
        ("timeZone", {"timeZone": "UTC+1"}),
    ],
)
def test_update_rejects_bad_input_and_changes_nothing(
    events: GraphQLClient, alice: Account, field: str, changes: dict[str, Any]
) -> None:
    event = create(events, alice)
    as_alice = events.with_token(alice.token)

    body = as_alice.execute(UPDATE, {"id": event["id"], "input": changes})

    assert only_error(body)["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    after = as_alice.data(f"query($id: ID!) {{ event(id: $id) {{ {EVENT_FIELDS} }} }}", event)
    assert after["event"] == event


def test_only_the_owner_may_update_or_delete(
    events: GraphQLClient, alice: Account, bob: Account
) -> None:
    event = create(events, alice, isPublic=True)
    as_bob = events.with_token(bob.token)

    assert error_code(as_bob.execute(UPDATE, {"id": event["id"], "input": {"title": "Mine"}})) == (
        "FORBIDDEN"
    )
    assert error_code(as_bob.execute(DELETE, {"id": event["id"]})) == "FORBIDDEN"
    assert events.data(EVENT, {"id": event["id"]})["event"]["title"] == "Team lunch"


def test_a_private_event_of_someone_else_is_not_found_rather_than_forbidden(
    events: GraphQLClient, alice: Account, bob: Account
) -> None:
    """Changing an event you may not even see must not reveal that it exists."""
    event = create(events, alice)
    as_bob = events.with_token(bob.token)

    update = as_bob.execute(UPDATE, {"id": event["id"], "input": {"title": "Mine"}})
    assert error_code(update) == "NOT_FOUND"
    assert error_code(as_bob.execute(DELETE, {"id": event["id"]})) == "NOT_FOUND"
    assert events.with_token(alice.token).data(EVENT, event)["event"]["title"] == "Team lunch"


@pytest.mark.parametrize(
    ("event_id", "code"), [("0" * 24, "NOT_FOUND"), ("not-an-id", "BAD_USER_INPUT")]
)
def test_update_and_delete_of_missing_events(
    events: GraphQLClient, alice: Account, event_id: str, code: str
) -> None:
    as_alice = events.with_token(alice.token)
    assert error_code(as_alice.execute(UPDATE, {"id": event_id, "input": {"title": "x"}})) == code
    assert error_code(as_alice.execute(DELETE, {"id": event_id})) == code


def test_mutations_require_a_token(events: GraphQLClient, alice: Account) -> None:
    event = create(events, alice)
    assert error_code(events.execute(UPDATE, {"id": event["id"], "input": {}})) == "UNAUTHENTICATED"
    assert error_code(events.execute(DELETE, {"id": event["id"]})) == "UNAUTHENTICATED"


def test_owner_deletes_an_event_idempotently(
    events: GraphQLClient, alice: Account, bob: Account
) -> None:
    event = create(events, alice)
    as_alice = events.with_token(alice.token)

    assert as_alice.data(DELETE, {"id": event["id"]}) == {"deleteEvent": event["id"]}
    assert as_alice.data(EVENT, {"id": event["id"]}) == {"event": None}
    # Deleting again answers the same (the router re-runs an interrupted clean-up) ...
    assert as_alice.data(DELETE, {"id": event["id"]}) == {"deleteEvent": event["id"]}
    # ... but only for the owner who deleted it.
    assert error_code(events.with_token(bob.token).execute(DELETE, event)) == "NOT_FOUND"


def test_private_events_are_visible_only_to_their_owner(
    events: GraphQLClient, alice: Account, bob: Account
) -> None:
    private = create(events, alice, title="Private")
    public = create(events, alice, title="Public", isPublic=True)

    assert events.with_token(alice.token).data(EVENT, private)["event"]["title"] == "Private"
    assert events.with_token(bob.token).data(EVENT, private) == {"event": None}
    assert events.data(EVENT, private) == {"event": None}
    assert events.data(EVENT, public)["event"]["title"] == "Public"


def test_event_rejects_a_malformed_id(events: GraphQLClient) -> None:
    body = events.execute(EVENT, {"id": "42"})
    assert only_error(body)["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}


def test_my_events_overlap_a_range_in_start_order_with_pages(
    events: GraphQLClient, new_account: Callable[..., Account]
) -> None:
    account = new_account()
    create(
        events,
        account,
        title="before",
        startsAt="2030-01-01T08:00:00Z",
        endsAt="2030-01-01T09:00:00Z",
    )
    create(
        events,
        account,
        title="overlaps start",
        startsAt="2030-01-01T09:30:00Z",
        endsAt="2030-01-01T10:30:00Z",
    )
    create(
        events,
        account,
        title="inside",
        startsAt="2030-01-01T11:00:00Z",
        endsAt="2030-01-01T11:00:00Z",
    )
    create(
        events,
        account,
        title="overlaps end",
        startsAt="2030-01-01T11:30:00Z",
        endsAt="2030-01-01T13:00:00Z",
    )
    create(
        events,
        account,
        title="after",
        startsAt="2030-01-01T12:00:00Z",
        endsAt="2030-01-01T13:00:00Z",
    )
    as_user = events.with_token(account.token)
    window = {"from": "2030-01-01T10:00:00Z", "to": "2030-01-01T12:00:00Z"}

    page = as_user.data(MY_EVENTS, {**window, "first": 2})["myEvents"]
    assert titles(page) == ["overlaps start", "inside"]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = as_user.data(MY_EVENTS, {**window, "first": 2, "after": page["pageInfo"]["endCursor"]})[
        "myEvents"
    ]
    assert titles(rest) == ["overlaps end"]
    assert rest["pageInfo"]["hasNextPage"] is False
    everything = as_user.data(MY_EVENTS, {"first": 10})["myEvents"]
    assert titles(everything) == ["before", "overlaps start", "inside", "overlaps end", "after"]


def test_my_events_rejects_an_inverted_range(events: GraphQLClient, alice: Account) -> None:
    body = events.with_token(alice.token).execute(
        MY_EVENTS, {"from": "2030-01-02T00:00:00Z", "to": "2030-01-01T00:00:00Z", "first": 5}
    )
    assert only_error(body)["extensions"] == {"code": "BAD_USER_INPUT", "field": "to"}


def test_public_events_search_titles_case_insensitively_within_dates(
    events: GraphQLClient, alice: Account, bob: Account
) -> None:
    tag = unique_name("tag")
    create(events, alice, title=f"Jazz {tag} night", isPublic=True)
    create(
        events,
        bob,
        title=f"JAZZ {tag.upper()} brunch",
        isPublic=True,
        startsAt="2030-03-02T10:00:00Z",
        endsAt="2030-03-02T12:00:00Z",
    )
    create(events, alice, title=f"Secret {tag} jazz", isPublic=False)
    create(events, alice, title=f"Regex {tag} (.*)", isPublic=True)

    found = events.data(PUBLIC_EVENTS, {"search": tag})["publicEvents"]
    # By start time; events that start together come in (random) id order.
    *same_start, later = titles(found)
    assert sorted(same_start) == [f"Jazz {tag} night", f"Regex {tag} (.*)"]
    assert later == f"JAZZ {tag.upper()} brunch"
    on_the_2nd = events.data(
        PUBLIC_EVENTS, {"search": f"jazz {tag}", "from": "2030-03-02T00:00:00Z"}
    )["publicEvents"]
    assert titles(on_the_2nd) == [f"JAZZ {tag.upper()} brunch"]
    literal = events.data(PUBLIC_EVENTS, {"search": f"{tag} (.*)"})["publicEvents"]
    assert titles(literal) == [f"Regex {tag} (.*)"]


def test_user_events_show_private_events_only_to_their_owner(
    events: GraphQLClient, new_account: Callable[..., Account], bob: Account
) -> None:
    owner = new_account()
    create(
        events, owner, title="mine", startsAt="2030-05-01T10:00:00Z", endsAt="2030-05-01T11:00:00Z"
    )
    create(
        events,
        owner,
        title="everyone's",
        isPublic=True,
        startsAt="2030-05-02T10:00:00Z",
        endsAt="2030-05-02T11:00:00Z",
    )
    query = """
    query($reps: [_Any!]!) {
      _entities(representations: $reps) {
        ... on User { id events(first: 10) { edges { node { title } } } }
      }
    }
    """
    reps = {"reps": [{"__typename": "User", "id": owner.id}]}

    as_owner = events.with_token(owner.token).data(query, reps)["_entities"][0]
    as_bob = events.with_token(bob.token).data(query, reps)["_entities"][0]
    anonymous = events.data(query, reps)["_entities"][0]

    assert titles(as_owner["events"]) == ["mine", "everyone's"]
    assert titles(as_bob["events"]) == ["everyone's"]
    assert titles(anonymous["events"]) == ["everyone's"]
