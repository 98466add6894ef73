"""Control and bidi formatting characters are refused (BAD_USER_INPUT naming the field) in
every text input, and nothing is stored; descriptions keep their line breaks and tabs."""

from __future__ import annotations

from typing import Any

import pymongo
import pytest

from subgraphs.common import BadUserInput, validation
from tests.subgraphs.conftest import Account, unique_name
from tests.subgraphs.test_events import CREATE, UPDATE, create, event_input
from tests.support.accounts import PASSWORD, REGISTER
from tests.support.subgraphs import GraphQLClient, only_error

# NUL, CR/LF, ESC, DEL, a C1 control, the right-to-left override and an isolate, the line
# separator (a lone surrogate, which no UTF-8 body can carry raw: test_lone_surrogates...).
REFUSED = ["\x00", "\r\n", "\x1b[31m", "\x7f", "\x85", "\u202e", "\u2067", "\u2028"]
SINGLE_LINE_ONLY = ["\n", "\t"]
UPDATE_PROFILE = (
    "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { displayName } }"
)
SEARCH_USERS = "query($prefix: String!) { searchUsers(prefix: $prefix) { edges { node { id } } } }"
PUBLIC_EVENTS = "query($q: String) { publicEvents(search: $q, first: 5) { edges { node { id } } } }"


def refused(body: dict[str, Any], field: str) -> None:
    error = only_error(body)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, body
    assert field in error["message"]
    assert "Traceback" not in str(body)


@pytest.mark.parametrize("bad", REFUSED + SINGLE_LINE_ONLY)
@pytest.mark.parametrize("field", ["username", "email", "displayName"])
def test_registration_refuses_control_characters_and_stores_nothing(
    users: GraphQLClient, mongo: pymongo.MongoClient[dict[str, Any]], field: str, bad: str
) -> None:
    username = unique_name()
    values = {
        "username": username,
        "email": f"{username}@example.org",
        "password": PASSWORD,
        "displayName": "Mallory",
    }
    values[field] = values[field][:3] + bad + values[field][3:]
    refused(users.execute(REGISTER, {"input": values}), field)
    assert mongo["users"]["users"].count_documents({"usernameKey": username.lower()}) == 0


@pytest.mark.parametrize("bad", REFUSED + SINGLE_LINE_ONLY)
def test_profile_and_search_refuse_control_characters(
    users: GraphQLClient, alice: Account, bad: str
) -> None:
    client = users.with_token(alice.token)
    refused(
        client.execute(UPDATE_PROFILE, {"input": {"displayName": f"Al{bad}ice"}}), "displayName"
    )
    refused(client.execute(SEARCH_USERS, {"prefix": f"al{bad}"}), "prefix")


@pytest.mark.parametrize("bad", REFUSED + SINGLE_LINE_ONLY)
def test_event_titles_and_searches_refuse_control_characters(
    events: GraphQLClient, alice: Account, bad: str
) -> None:
    client = events.with_token(alice.token)
    title = f"Lunch{bad}{unique_name()}"
    refused(client.execute(CREATE, {"input": event_input(title=title)}), "title")
    event = create(events, alice)
    refused(client.execute(UPDATE, {"id": event["id"], "input": {"title": title}}), "title")
    refused(client.execute(PUBLIC_EVENTS, {"q": f"lunch{bad}"}), "search")


@pytest.mark.parametrize("bad", REFUSED)
def test_event_descriptions_refuse_control_characters(
    events: GraphQLClient, alice: Account, bad: str
) -> None:
    client = events.with_token(alice.token)
    body = client.execute(CREATE, {"input": event_input(description=f"Agenda{bad}")})
    if bad == "\r\n":  # a browser's line break: stored as a line feed
        assert body["data"]["createEvent"]["description"] == "Agenda"
        return
    refused(body, "description")


def test_descriptions_keep_line_breaks_and_tabs(events: GraphQLClient, alice: Account) -> None:
    event = create(events, alice, description="1.\tSoup\r\n2.\tBread\n")
    assert event["description"] == "1.\tSoup\n2.\tBread"


@pytest.mark.parametrize("multiline", [False, True])
def test_lone_surrogates_are_refused(multiline: bool) -> None:
    # A JSON body may escape one ("\\ud800"); the database could not store it.
    with pytest.raises(BadUserInput):
        validation.plain("a\ud800", "title", multiline=multiline)
