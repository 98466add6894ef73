"""Repeating events through the events subgraph's API: occurrences equal what
``recurring-ical-events`` computes from the series as the API exports it, after overrides,
deletions and splits; bad rules are refused and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pymongo
import pytest

from tests.subgraphs.conftest import Account
from tests.support.ical_reference import Moved, reference_occurrences, seen_of, series_ics
from tests.support.subgraphs import GraphQLClient, only_error

SERIES_FIELDS = """
id title startsAt endsAt timeZone
recurrence { rule excludedDates overrides { recurrenceId startsAt endsAt title } }
"""
CREATE = (
    f"mutation($input: CreateEventInput!) {{ createEvent(input: $input) {{ {SERIES_FIELDS} }} }}"
)
UPDATE = f"""
mutation($id: ID!, $input: UpdateEventInput!) {{
  updateEvent(id: $id, input: $input) {{ {SERIES_FIELDS} }}
}}
"""
EVENT = f"query($id: ID!) {{ event(id: $id) {{ {SERIES_FIELDS} }} }}"
OCCURRENCES = """
query($from: DateTime!, $to: DateTime!, $first: Int!, $after: String) {
  myOccurrences(from: $from, to: $to, first: $first, after: $after) {
    nodes { id event { id } recurrenceId startsAt endsAt title overriddenFields }
    pageInfo { hasNextPage endCursor }
  }
}
"""
USER_OCCURRENCES = """
query($representations: [_Any!]!, $from: DateTime!, $to: DateTime!) {
  _entities(representations: $representations) {
    ... on User { occurrences(from: $from, to: $to) { nodes { title startsAt } } }
  }
}
"""
UPDATE_OCCURRENCE = f"""
mutation($id: ID!, $at: DateTime!, $scope: RecurrenceScope!, $input: OccurrenceInput!) {{
  updateOccurrence(id: $id, recurrenceId: $at, scope: $scope, input: $input) {{ {SERIES_FIELDS} }}
}}
"""
DELETE_OCCURRENCE = """
mutation($id: ID!, $at: DateTime!, $scope: RecurrenceScope!) {
  deleteOccurrence(id: $id, recurrenceId: $at, scope: $scope)
}
"""
WINDOW = {"from": "2030-03-01T00:00:00Z", "to": "2030-06-01T00:00:00Z"}


def window() -> tuple[datetime, datetime]:
    return (datetime.fromisoformat(WINDOW["from"]), datetime.fromisoformat(WINDOW["to"]))


def weekly(**overrides: Any) -> dict[str, Any]:
    """Mondays and Wednesdays 09:00 in Berlin, over the change to summer time (31 Mar)."""
    return {
        "title": "Stand-up",
        "startsAt": "2030-03-18T09:00:00+01:00",
        "endsAt": "2030-03-18T09:30:00+01:00",
        "timeZone": "Europe/Berlin",
        "recurrence": "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=16",
        **overrides,
    }


def exported(series: dict[str, Any]) -> bytes:
    """An event as the API describes it, written as RFC 5545 text."""
    recurrence = series["recurrence"]
    data: bytes = series_ics(
        uid=f"{series['id']}@test",
        title=series["title"],
        starts_at=datetime.fromisoformat(series["startsAt"]),
        ends_at=datetime.fromisoformat(series["endsAt"]),
        time_zone=series["timeZone"],
        rule=recurrence and recurrence["rule"],
        exdates=[
            datetime.fromisoformat(day) for day in (recurrence or {}).get("excludedDates", [])
        ],
        overrides=[
            Moved(
                datetime.fromisoformat(item["recurrenceId"]),
                item["startsAt"] and datetime.fromisoformat(item["startsAt"]),
                item["endsAt"] and datetime.fromisoformat(item["endsAt"]),
                item["title"],
            )
            for item in (recurrence or {}).get("overrides", [])
        ],
    ).to_ical()
    return data


def all_occurrences(client: GraphQLClient) -> list[dict[str, Any]]:
    """Every page of ``myOccurrences`` in the window."""
    found: list[dict[str, Any]] = []
    after = None
    while True:
        page = client.data(OCCURRENCES, {**WINDOW, "first": 7, "after": after})["myOccurrences"]
        found.extend(page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


@pytest.fixture
def owner(new_account: Callable[..., Account]) -> Account:
    return new_account("Series Owner")


def create(events: GraphQLClient, account: Account, **fields: Any) -> dict[str, Any]:
    created: dict[str, Any] = events.with_token(account.token).data(
        CREATE, {"input": weekly(**fields)}
    )["createEvent"]
    return created


def refetch(events: GraphQLClient, account: Account, event_id: str) -> dict[str, Any]:
    found: dict[str, Any] = events.with_token(account.token).data(EVENT, {"id": event_id})["event"]
    return found


def test_occurrences_equal_the_reference_of_the_exported_series(
    events: GraphQLClient, owner: Account
) -> None:
    series = create(events, owner, excludedDates=["2030-04-01T09:00:00+02:00"])
    client = events.with_token(owner.token)

    found = all_occurrences(client)

    assert series["recurrence"]["rule"] == "FREQ=WEEKLY;COUNT=16;BYDAY=MO,WE"
    assert seen_of(found) == reference_occurrences([exported(series)], *window())
    assert len(found) == 15  # 16 less the excluded one, all inside the window
    assert {item["event"]["id"] for item in found} == {series["id"]}
    assert found[0]["recurrenceId"] == "2030-03-18T08:00:00+00:00"
    assert found[4]["startsAt"] == "2030-04-03T07:00:00+00:00"  # 09:00 in summer time


def test_this_occurrence_edits_and_deletions_follow_the_reference(
    events: GraphQLClient, owner: Account
) -> None:
    series = create(events, owner)
    client = events.with_token(owner.token)
    client.data(
        UPDATE_OCCURRENCE,
        {
            "id": series["id"],
            "at": "2030-03-20T08:00:00Z",
            "scope": "THIS",
            "input": {"title": "Retro", "startsAt": "2030-03-20T14:00:00+01:00"},
        },
    )
    client.data(
        DELETE_OCCURRENCE, {"id": series["id"], "at": "2030-04-08T07:00:00Z", "scope": "THIS"}
    )

    found = all_occurrences(client)
    stored = refetch(events, owner, series["id"])

    assert seen_of(found) == reference_occurrences([exported(stored)], *window())
    moved = [item for item in found if item["recurrenceId"] == "2030-03-20T08:00:00+00:00"]
    assert moved[0]["startsAt"] == "2030-03-20T13:00:00+00:00"
    assert moved[0]["endsAt"] == "2030-03-20T13:30:00+00:00"
    assert sorted(moved[0]["overriddenFields"]) == ["endsAt", "startsAt", "title"]
    assert stored["recurrence"]["excludedDates"] == ["2030-04-08T07:00:00+00:00"]
    assert len(found) == 15


def test_this_and_following_splits_the_series(events: GraphQLClient, owner: Account) -> None:
    series = create(events, owner)
    before = reference_occurrences([exported(series)], *window())
    client = events.with_token(owner.token)

    new = client.data(
        UPDATE_OCCURRENCE,
        {
            "id": series["id"],
            "at": "2030-04-03T07:00:00Z",
            "scope": "THIS_AND_FOLLOWING",
            "input": {"title": "Stand-up (new room)"},
        },
    )["updateOccurrence"]
    old = refetch(events, owner, series["id"])
    found = all_occurrences(client)

    assert new["id"] != series["id"]
    assert old["recurrence"]["rule"] == "FREQ=WEEKLY;UNTIL=20300403T065959Z;BYDAY=MO,WE"
    assert new["recurrence"]["rule"] == "FREQ=WEEKLY;COUNT=11;BYDAY=MO,WE"
    assert seen_of(found) == reference_occurrences([exported(old), exported(new)], *window())
    assert [(s.starts_at, s.ends_at) for s in seen_of(found)] == [
        (s.starts_at, s.ends_at) for s in before
    ]
    assert {item["title"] for item in found if item["startsAt"] >= "2030-04-03"} == {
        "Stand-up (new room)"
    }


def test_all_moves_the_whole_series_and_deleting_all_removes_it(
    events: GraphQLClient, owner: Account
) -> None:
    series = create(events, owner, excludedDates=["2030-03-25T08:00:00Z"])
    client = events.with_token(owner.token)

    moved = client.data(
        UPDATE_OCCURRENCE,
        {
            "id": series["id"],
            "at": "2030-03-20T08:00:00Z",
            "scope": "ALL",
            "input": {
                "startsAt": "2030-03-20T10:00:00+01:00",
                "endsAt": "2030-03-20T11:00:00+01:00",
            },
        },
    )["updateOccurrence"]

    assert moved["startsAt"] == "2030-03-18T09:00:00+00:00"
    assert moved["recurrence"]["excludedDates"] == ["2030-03-25T09:00:00+00:00"]
    assert seen_of(all_occurrences(client)) == reference_occurrences([exported(moved)], *window())

    client.data(
        DELETE_OCCURRENCE, {"id": series["id"], "at": "2030-03-27T09:00:00Z", "scope": "ALL"}
    )
    assert all_occurrences(client) == []


def test_single_events_are_occurrences_too(events: GraphQLClient, owner: Account) -> None:
    single = create(events, owner, recurrence=None, title="Dentist")

    found = all_occurrences(events.with_token(owner.token))

    assert [(o["event"]["id"], o["recurrenceId"], o["title"]) for o in found] == [
        (single["id"], None, "Dentist")
    ]


def test_a_stranger_sees_no_private_occurrence(
    events: GraphQLClient, owner: Account, new_account: Callable[..., Account]
) -> None:
    create(events, owner)
    create(events, owner, title="Open series", isPublic=True)
    stranger = new_account("Stranger")

    body = events.with_token(stranger.token).data(
        USER_OCCURRENCES,
        {"representations": [{"__typename": "User", "id": owner.id}], **WINDOW},
    )

    titles = {node["title"] for node in body["_entities"][0]["occurrences"]["nodes"]}
    assert titles == {"Open series"}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"recurrence": "FREQ=SOMETIMES"}, "FREQ=SOMETIMES is not supported"),
        ({"recurrence": "FREQ=DAILY;UNTIL=20300101T000000Z"}, "UNTIL must not be before"),
        ({"recurrence": "FREQ=DAILY;COUNT=0"}, "COUNT must be a whole number from 1"),
        ({"recurrence": "FREQ=WEEKLY;BYDAY=MO;BYMONTHDAY=3"}, "BYMONTHDAY cannot be used"),
        ({"recurrence": "", "excludedDates": ["2030-03-20T08:00:00Z"]}, "Only a repeating"),
    ],
)
def test_bad_recurrence_is_refused_and_nothing_is_written(
    events: GraphQLClient,
    owner: Account,
    mongo: pymongo.MongoClient[dict[str, Any]],
    fields: dict[str, Any],
    message: str,
) -> None:
    body = events.with_token(owner.token).execute(CREATE, {"input": weekly(**fields)})

    error = only_error(body)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] in ("recurrence", "excludedDates")
    assert message in error["message"]
    assert mongo["events"]["events"].count_documents({"ownerId": owner.id}) == 0


def test_a_bad_rule_on_update_changes_nothing(events: GraphQLClient, owner: Account) -> None:
    series = create(events, owner)
    body = events.with_token(owner.token).execute(
        UPDATE, {"id": series["id"], "input": {"recurrence": "FREQ=DAILY;INTERVAL=x"}}
    )

    assert only_error(body)["extensions"] == {"code": "BAD_USER_INPUT", "field": "recurrence"}
    assert refetch(events, owner, series["id"]) == series


def test_an_unknown_occurrence_is_not_found(events: GraphQLClient, owner: Account) -> None:
    series = create(events, owner)
    body = events.with_token(owner.token).execute(
        DELETE_OCCURRENCE, {"id": series["id"], "at": "2030-03-19T08:00:00Z", "scope": "THIS"}
    )
    assert only_error(body)["extensions"]["code"] == "NOT_FOUND"


def test_too_large_an_expansion_is_refused(events: GraphQLClient, owner: Account) -> None:
    for number in range(7):
        create(
            events,
            owner,
            title=f"Daily {number}",
            recurrence="FREQ=DAILY",
            startsAt="2030-01-01T08:00:00Z",
            endsAt="2030-01-01T08:10:00Z",
        )

    body = events.with_token(owner.token).execute(
        OCCURRENCES,
        {"from": "2030-01-01T00:00:00Z", "to": "2032-03-01T00:00:00Z", "first": 10, "after": None},
    )

    error = only_error(body)
    assert error["extensions"]["code"] == "TOO_MANY_OCCURRENCES"
    assert "shorter range" in error["message"]
    ok = events.with_token(owner.token).data(OCCURRENCES, {**WINDOW, "first": 10, "after": None})[
        "myOccurrences"
    ]
    assert ok["pageInfo"]["hasNextPage"]
