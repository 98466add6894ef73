"""Nobody lists the accounts: lookups by id or prefix need a login (the router refuses them
as ``@authenticated``), ids are random, emails stay private; the owners of public events
still show to anonymous visitors (entity resolution)."""

from __future__ import annotations

import pytest

from tests.stack.fuzz.platform import Platform
from tests.stack.fuzz.properties import error_codes

LOOKUPS = {
    "users": "query($id: ID!) { users(ids: [$id]) { id username displayName timeZone } }",
    "user": "query($id: ID!) { user(id: $id) { id username displayName timeZone } }",
    "searchUsers": "query($id: String!) { searchUsers(prefix: $id) { nodes { id username } } }",
}


@pytest.mark.parametrize("field", sorted(LOOKUPS))
def test_anonymous_lookups_are_refused(platform: Platform, field: str) -> None:
    person = platform.new_person("hidden")
    value = person.username if field == "searchUsers" else person.id
    body = platform.graphql(LOOKUPS[field], {"id": value})

    # The router's @authenticated check, before any subgraph call (as Apollo Router's).
    assert error_codes(body) == ["UNAUTHORIZED_FIELD_OR_TYPE"], body
    assert body["data"] == {field: None}
    assert person.username not in str(body)


def test_logged_in_lookups_show_no_one_else_s_email(platform: Platform) -> None:
    alice, bob = platform.new_person("alice"), platform.new_person("bob")
    query = "query($ids: [ID!]!) { users(ids: $ids) { id username email } }"
    found = platform.data(query, {"ids": [alice.id, bob.id]}, alice.token)["users"]

    assert found[0]["email"] == f"{alice.username}@example.org"
    assert found[1] == {"id": bob.id, "username": bob.username, "email": None}


def neighbours(known: str) -> list[str]:
    """What the attack tried: a MongoDB default id is a 4-byte timestamp, 5 bytes fixed per
    process and a 3-byte counter, so the next accounts have the next few counters within the
    next few seconds."""
    stamp, process, counter = int(known[:8], 16), known[8:18], int(known[18:], 16)
    return [
        f"{stamp + seconds:08x}{process}{(counter + step) % (1 << 24):06x}"
        for seconds in range(4)
        for step in range(1, 21)
    ]


def test_a_known_id_does_not_lead_to_its_neighbours(platform: Platform) -> None:
    first, *others = [platform.new_person("neighbour") for _ in range(3)]
    query = "query($ids: [ID!]!) { users(ids: $ids) { id } }"
    found = platform.data(query, {"ids": neighbours(first.id)}, first.token)["users"]

    assert [user for user in found if user] == [], [person.id for person in others]


def test_public_event_owners_still_show_to_anonymous_visitors(platform: Platform) -> None:
    owner = platform.new_person("host")
    platform.new_event(owner, public=True, title=f"Open day {owner.username}")
    query = (
        "query($q: String) { publicEvents(search: $q, first: 5) "
        "{ nodes { title owner { id username } } } }"
    )
    nodes = platform.data(query, {"q": owner.username})["publicEvents"]["nodes"]

    assert [node["owner"] for node in nodes] == [{"id": owner.id, "username": owner.username}]
