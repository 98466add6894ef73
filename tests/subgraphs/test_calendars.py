"""The calendars subgraph over HTTP, against its own mongoeco database."""

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

SHARE_FIELDS = "id level createdAt updatedAt owner { id } grantee { id }"
SHARE = f"""
mutation ($granteeId: ID!, $level: ShareLevel!) {{
  shareCalendar(granteeId: $granteeId, level: $level) {{ {SHARE_FIELDS} }}
}}"""
REVOKE = "mutation ($granteeId: ID!) { revokeShare(granteeId: $granteeId) }"
ACCESS = "query ($ownerId: ID!) { calendarAccess(ownerId: $ownerId) }"
PAGE = """totalCount
  edges { cursor node { id level owner { id } grantee { id } } }
  pageInfo { hasNextPage endCursor }"""
LIST = """query ($first: Int! = 20, $after: String) {{
  {field}(first: $first, after: $after) {{ {page} }}
}}"""
GIVEN = LIST.format(field="sharesGiven", page=PAGE)
RECEIVED = LIST.format(field="sharesReceived", page=PAGE)


calendars = subgraph_fixture("calendars")
people = people_fixture(3)
Accounts = Callable[[], Caller]


def share(subgraph: Subgraph, owner: Caller, grantee: Caller, level: str) -> Json:
    variables = {"granteeId": grantee.id, "level": level}
    result: Json = subgraph.execute(SHARE, variables, user=owner).ok()["shareCalendar"]
    return result


def stored(subgraph: Subgraph, **query: Any) -> list[Json]:
    return list(subgraph.db.calendarShares.find(query))


def access(subgraph: Subgraph, viewer: Caller, owner: Caller) -> Any:
    return subgraph.execute(ACCESS, {"ownerId": owner.id}, user=viewer).ok()["calendarAccess"]


def test_sharing_creates_a_share_and_sharing_again_updates_its_level(
    calendars: Subgraph, people: list[Caller], new_account: Accounts
) -> None:
    owner, grantee = new_account(), people[0]

    created = share(calendars, owner, grantee, "FREE_BUSY")
    updated = share(calendars, owner, grantee, "DETAILS")
    repeated = share(calendars, owner, grantee, "DETAILS")

    assert created["owner"] == {"id": owner.id}
    assert created["grantee"] == {"id": grantee.id}
    assert (created["level"], updated["level"]) == ("FREE_BUSY", "DETAILS")
    assert updated["id"] == created["id"] == repeated["id"]
    assert updated["createdAt"] == created["createdAt"]
    assert datetime.fromisoformat(updated["updatedAt"]).utcoffset() == timedelta(0)
    [document] = stored(calendars, ownerId=ObjectId(owner.id))
    assert document["_id"] == ObjectId(created["id"])
    assert document["granteeId"] == ObjectId(grantee.id)
    assert document["level"] == "DETAILS"


def test_sharing_with_yourself_is_bad_input_and_stores_nothing(
    calendars: Subgraph, people: list[Caller]
) -> None:
    user = people[0]
    variables = {"granteeId": user.id, "level": "DETAILS"}

    error = calendars.execute(SHARE, variables, user=user).error()

    assert (error.code, error.field) == ("BAD_USER_INPUT", "granteeId")
    assert stored(calendars, ownerId=ObjectId(user.id), granteeId=ObjectId(user.id)) == []


@pytest.mark.parametrize(
    ("operation", "variables", "field"),
    [
        (SHARE, {"granteeId": "hello world!", "level": "DETAILS"}, "granteeId"),
        (REVOKE, {"granteeId": "123"}, "granteeId"),
        (ACCESS, {"ownerId": "zzzzzzzzzzzzzzzzzzzzzzzz"}, "ownerId"),
    ],
    ids=["shareCalendar", "revokeShare", "calendarAccess"],
)
def test_malformed_ids_are_bad_input(
    calendars: Subgraph, people: list[Caller], operation: str, variables: Json, field: str
) -> None:
    before = calendars.document_count("calendarShares")

    error = calendars.execute(operation, variables, user=people[0]).error()

    assert (error.code, error.field) == ("BAD_USER_INPUT", field)
    assert calendars.document_count("calendarShares") == before


def test_unknown_level_is_rejected(calendars: Subgraph, people: list[Caller]) -> None:
    variables = {"granteeId": people[1].id, "level": "EVERYTHING"}
    before = calendars.document_count("calendarShares")

    error = calendars.execute(SHARE, variables, user=people[0]).error()

    assert error.code == "BAD_USER_INPUT"
    assert calendars.document_count("calendarShares") == before


def test_revoking_removes_the_share_and_is_idempotent(
    calendars: Subgraph, people: list[Caller], new_account: Accounts
) -> None:
    owner, grantee, other = new_account(), people[0], people[1]
    share(calendars, owner, grantee, "DETAILS")
    share(calendars, owner, other, "FREE_BUSY")

    revoked = calendars.execute(REVOKE, {"granteeId": grantee.id}, user=owner).ok()
    again = calendars.execute(REVOKE, {"granteeId": grantee.id}, user=owner).ok()

    assert (revoked, again) == ({"revokeShare": True}, {"revokeShare": False})
    remaining = stored(calendars, ownerId=ObjectId(owner.id))
    assert [doc["granteeId"] for doc in remaining] == [ObjectId(other.id)]
    assert access(calendars, grantee, owner) is None


def test_calendar_access_reports_the_callers_level(
    calendars: Subgraph, people: list[Caller], new_account: Accounts
) -> None:
    owner, grantee, stranger = new_account(), people[0], people[1]
    share(calendars, owner, grantee, "FREE_BUSY")

    assert access(calendars, grantee, owner) == "FREE_BUSY"
    assert access(calendars, owner, grantee) is None  # sharing is one-way
    assert access(calendars, stranger, owner) is None
    assert access(calendars, owner, owner) == "DETAILS"


def test_shares_given_and_received_newest_first_with_pagination(
    calendars: Subgraph, people: list[Caller], new_account: Accounts
) -> None:
    owner, grantees = new_account(), [new_account(), people[0], people[1]]
    for grantee in grantees:
        share(calendars, owner, grantee, "FREE_BUSY")
    newest_first = [grantee.id for grantee in reversed(grantees)]

    page1 = calendars.execute(GIVEN, {"first": 2}, user=owner).ok()["sharesGiven"]
    after = page1["pageInfo"]["endCursor"]
    page2 = calendars.execute(GIVEN, {"first": 2, "after": after}, user=owner).ok()["sharesGiven"]

    def grantee_ids(connection: Json) -> list[str]:
        return [edge["node"]["grantee"]["id"] for edge in connection["edges"]]

    assert grantee_ids(page1) + grantee_ids(page2) == newest_first
    assert (page1["pageInfo"]["hasNextPage"], page2["pageInfo"]["hasNextPage"]) == (True, False)
    assert page1["totalCount"] == 3
    received = calendars.execute(RECEIVED, user=grantees[0]).ok()["sharesReceived"]
    assert [edge["node"]["owner"]["id"] for edge in received["edges"]] == [owner.id]
    assert received["totalCount"] == 1


@pytest.mark.parametrize("operation", [GIVEN, RECEIVED], ids=["sharesGiven", "sharesReceived"])
@pytest.mark.parametrize(
    ("variables", "field"),
    [({"first": 0}, "first"), ({"first": 101}, "first"), ({"after": "bad"}, "after")],
)
def test_page_arguments_are_validated(
    calendars: Subgraph, people: list[Caller], operation: str, variables: Json, field: str
) -> None:
    error = calendars.execute(operation, variables, user=people[0]).error()

    assert (error.code, error.field) == ("BAD_USER_INPUT", field)


SOME_ID = str(ObjectId())


@pytest.mark.parametrize(
    ("operation", "variables"),
    [
        pytest.param(SHARE, {"granteeId": SOME_ID, "level": "DETAILS"}, id="shareCalendar"),
        pytest.param(REVOKE, {"granteeId": SOME_ID}, id="revokeShare"),
        pytest.param(GIVEN, {}, id="sharesGiven"),
        pytest.param(RECEIVED, {}, id="sharesReceived"),
        pytest.param(ACCESS, {"ownerId": SOME_ID}, id="calendarAccess"),
        entity_call("User", "sharedWithMe { totalCount }", "User.sharedWithMe", SOME_ID),
        entity_call("User", "myCalendarAccess", "User.myCalendarAccess", SOME_ID),
        entity_call("CalendarShare", "id", "_entities(CalendarShare)", SOME_ID),
    ],
)
def test_operations_require_a_logged_in_caller(
    calendars: Subgraph, operation: str, variables: Json
) -> None:
    result = calendars.execute(operation, variables)

    assert [error.code for error in result.errors] == ["UNAUTHENTICATED"]
    assert stored(calendars, granteeId=ObjectId(SOME_ID)) == []


def test_shared_with_me_page_for_the_user_only(
    calendars: Subgraph, people: list[Caller], new_account: Accounts
) -> None:
    me, alice, bob = new_account(), people[0], people[1]
    share(calendars, alice, me, "DETAILS")
    share(calendars, bob, me, "FREE_BUSY")
    representations = [{"__typename": "User", "id": me.id}]
    selection = """... on User {
        sharedWithMe(first: 10) { totalCount nodes { level createdAt owner { id } } }
    }"""

    mine = calendars.entities(representations, selection, user=me).ok()["_entities"]
    foreign = calendars.entities(representations, selection, user=alice)

    nodes = mine[0]["sharedWithMe"]["nodes"]
    assert [(node["owner"]["id"], node["level"]) for node in nodes] == [
        (bob.id, "FREE_BUSY"),
        (alice.id, "DETAILS"),
    ]
    assert mine[0]["sharedWithMe"]["totalCount"] == 2
    assert foreign.error().code == "FORBIDDEN"
    assert foreign.data == {"_entities": [{"sharedWithMe": None}]}


def test_my_calendar_access_on_a_batch_of_users_with_one_query(
    calendars: Subgraph, people: list[Caller], new_account: Accounts
) -> None:
    me, alice, bob, carol = new_account(), *people
    share(calendars, alice, me, "FREE_BUSY")
    share(calendars, bob, me, "DETAILS")
    share(calendars, me, carol, "DETAILS")  # the other way round: gives me nothing
    ids = [alice.id, carol.id, bob.id, me.id, "nope", str(ObjectId())]
    representations = [{"__typename": "User", "id": id_} for id_ in ids]

    with QueryCounter(calendars.db, "calendarShares") as counter:
        result = calendars.entities(representations, "... on User { myCalendarAccess }", user=me)
        [query] = counter.commands()

    levels = [entity["myCalendarAccess"] for entity in result.ok()["_entities"]]
    assert levels == ["FREE_BUSY", None, "DETAILS", "DETAILS", None, None]
    assert "$in" in str(query["filter"])


def test_entities_resolve_shares_for_their_owner_and_grantee_only(
    calendars: Subgraph, people: list[Caller], new_account: Accounts
) -> None:
    owner, grantee = new_account(), people[0]
    first = share(calendars, owner, grantee, "DETAILS")
    second = share(calendars, owner, people[1], "FREE_BUSY")
    ids = [first["id"], str(ObjectId()), second["id"], "bad"]
    representations = [{"__typename": "CalendarShare", "id": id_} for id_ in ids]
    selection = "... on CalendarShare { id level }"

    with QueryCounter(calendars.db, "calendarShares") as counter:
        as_owner = calendars.entities(representations, selection, user=owner).ok()["_entities"]
        assert len(counter.commands()) == 1
    as_grantee = calendars.entities(representations, selection, user=grantee).ok()["_entities"]

    assert as_owner == [
        {"id": first["id"], "level": "DETAILS"},
        None,
        {"id": second["id"], "level": "FREE_BUSY"},
        None,
    ]
    assert as_grantee == [{"id": first["id"], "level": "DETAILS"}, None, None, None]
