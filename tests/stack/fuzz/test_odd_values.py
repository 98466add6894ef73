"""Odd but valid values travel through the router to the subgraphs and back unchanged, and
values just past what is allowed are refused as BAD_USER_INPUT naming the field.

Direct calls to subgraphs are refused (tests/router/authentication), so this is how a client
reaches them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.stack.fuzz.conftest import World
from tests.stack.fuzz.platform import Person, Platform
from tests.stack.fuzz.properties import graphql_body

CREATE = """mutation($i: CreateEventInput!) {
  createEvent(input: $i) { id title description startsAt endsAt timeZone allDay }
}"""
READ = "query($id: ID!) { event(id: $id) { title description startsAt endsAt timeZone allDay } }"
HOUR = {"startsAt": "2030-01-01T10:00:00+00:00", "endsAt": "2030-01-01T11:00:00+00:00"}

ACCEPTED: dict[str, dict[str, Any]] = {
    "title of 200 characters": {"title": "x" * 200},
    "right-to-left script and emoji title": {"title": "👩‍👩‍👧‍👦 مرحبا שלום"},
    "combining characters": {"title": "e\u0301" * 50},
    "multi-line description with tabs": {"description": "1.\tSoup\n2.\tBread"},
    "astral plane": {"title": "\U0010ffff\U0001d11e"},
    "markup and injection text": {
        "title": "<script>alert(1)</script>",
        "description": '{"$gt": ""} Robert\'); DROP TABLE events;--',
    },
    "year 1": {"startsAt": "0001-01-01T00:00:00+00:00", "endsAt": "0001-01-01T01:00:00+00:00"},
    "year 9999": {"startsAt": "9999-12-31T22:00:00+00:00", "endsAt": "9999-12-31T23:59:59+00:00"},
    "the whole calendar": {
        "startsAt": "0001-01-01T00:00:00+00:00",
        "endsAt": "9999-12-31T23:59:59+00:00",
    },
    "all day at the end of time, far east": {
        "allDay": True,
        "timeZone": "Pacific/Kiritimati",
        "startsAt": "9999-12-31T00:00:00+00:00",
        "endsAt": "9999-12-31T23:00:00+00:00",
    },
    "all day at the start of time, far west": {
        "allDay": True,
        "timeZone": "Pacific/Pago_Pago",
        "startsAt": "0001-01-01T00:00:00+00:00",
        "endsAt": "0001-01-01T23:00:00+00:00",
    },
    "leap day": {"startsAt": "2028-02-29T10:00:00+00:00", "endsAt": "2028-02-29T11:00:00+00:00"},
    "zero length": {"startsAt": "2030-01-01T10:00:00+00:00", "endsAt": "2030-01-01T10:00:00+00:00"},
    "legacy IANA zone": {"timeZone": "EST5EDT"},
}

REFUSED: dict[str, tuple[dict[str, Any], str]] = {
    "title of 201 characters": ({"title": "x" * 201}, "title"),
    "title of 10000 characters": ({"title": "x" * 10_000}, "title"),
    "blank title": ({"title": "   "}, "title"),
    "NUL and control characters": ({"title": "a\x00b\x07\x1b[31m"}, "title"),
    "line break in a title": ({"title": "Lunch\r\nX-Injected: 1"}, "title"),
    "right-to-left override": ({"title": "\u202eevil\u202c"}, "title"),
    "isolate in a description": ({"description": "a\u2067b"}, "description"),
    "NUL in a description": ({"description": "\x00"}, "description"),
    "description of 100 kB": ({"description": "d" * 100_000}, "description"),
    "time zone on Mars": ({"timeZone": "Mars/Olympus"}, "timeZone"),
    "empty time zone": ({"timeZone": ""}, "timeZone"),
    "time zone path": ({"timeZone": "../../../../etc/passwd"}, "timeZone"),
    "time zone with NUL": ({"timeZone": "UTC\x00"}, "timeZone"),
    "server's local zone": ({"timeZone": "localtime"}, "timeZone"),
    "lower-case zone": ({"timeZone": "europe/paris"}, "timeZone"),
    "no offset": (
        {"startsAt": "2030-01-01T10:00:00", "endsAt": "2030-01-01T11:00:00"},
        "startsAt",
    ),
    "ends before it starts": (
        {"startsAt": "2030-01-01T10:00:00Z", "endsAt": "2030-01-01T09:00:00Z"},
        "endsAt",
    ),
    "year 0 in UTC": (
        {"startsAt": "0001-01-01T00:00:00+14:00", "endsAt": "0001-01-01T01:00:00+14:00"},
        "startsAt",
    ),
    "year 10000 in UTC": (
        {"startsAt": "9999-12-31T10:00:00+00:00", "endsAt": "9999-12-31T23:00:00-12:00"},
        "endsAt",
    ),
}


@pytest.fixture(scope="module")
def author(platform: Platform) -> Person:
    return platform.new_person("oddvalues")


def create(platform: Platform, author: Person, values: dict[str, Any]) -> dict[str, Any]:
    event = {"title": "t", **HOUR, **values}
    return graphql_body(platform.post({"query": CREATE, "variables": {"i": event}}, author.token))


def normalized(value: str) -> str:
    return value.replace("Z", "+00:00")


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_odd_but_valid_values_round_trip(platform: Platform, author: Person, name: str) -> None:
    values = ACCEPTED[name]
    created = create(platform, author, values)
    assert "errors" not in created, created
    event = created["data"]["createEvent"]
    read = platform.data(READ, {"id": event.pop("id")}, author.token)["event"]
    assert read == event
    for field, value in values.items():
        if field in ("startsAt", "endsAt"):
            assert read[field] == normalized(value)
        else:
            assert read[field] == value


@pytest.mark.parametrize("name", list(REFUSED))
def test_values_past_the_rules_are_bad_user_input(
    platform: Platform, author: Person, name: str
) -> None:
    values, field = REFUSED[name]
    refused = create(platform, author, values)
    assert refused["data"] is None
    [error] = refused["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert error["extensions"]["field"] == field
    assert error["path"] == ["createEvent"]


@pytest.mark.parametrize("search", ["((", "[a-", "\\\\", "(a+)+$", ".*"])
def test_search_text_is_not_a_pattern(
    platform: Platform, world: World, author: Person, search: str
) -> None:
    """Regex metacharacters are matched literally (no pattern injection, no server error):
    ``.*`` does not find the world's public events, whose titles do not contain it."""
    query = "query($s: String) { publicEvents(search: $s) { totalCount } }"
    every = platform.data(query, {"s": None})["publicEvents"]["totalCount"]
    found = platform.data(query, {"s": search})["publicEvents"]["totalCount"]
    assert every >= 2 and found < every
    users = "query($s: String!) { searchUsers(prefix: $s) { totalCount } }"
    assert platform.data(users, {"s": search}, author.token)["searchUsers"]["totalCount"] == 0


@pytest.mark.parametrize(
    ("time_zone", "accepted"), [("Mars/Olympus", False), ("America/Argentina/ComodRivadavia", True)]
)
def test_profile_time_zones(
    platform: Platform, author: Person, time_zone: str, accepted: bool
) -> None:
    update = "mutation($tz: String) { updateProfile(input: {timeZone: $tz}) { timeZone } }"
    answer = graphql_body(
        platform.post({"query": update, "variables": {"tz": time_zone}}, author.token)
    )
    if accepted:
        assert answer["data"]["updateProfile"]["timeZone"] == time_zone
    else:
        assert [error["extensions"]["field"] for error in answer["errors"]] == ["timeZone"]


def test_searches_refuse_control_characters(platform: Platform, author: Person) -> None:
    events = graphql_body(
        platform.post({"query": '{ publicEvents(search: "a\\u0000") { totalCount } }'})
    )
    users = graphql_body(
        platform.post(
            {"query": '{ searchUsers(prefix: "ab\\u202e") { totalCount } }'}, author.token
        )
    )
    for body, field in ((events, "search"), (users, "prefix")):
        [error] = body["errors"]
        assert (error["extensions"]["code"], error["extensions"]["field"]) == (
            "BAD_USER_INPUT",
            field,
        ), body
