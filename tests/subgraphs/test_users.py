"""The users subgraph over HTTP: registration, login, profiles, lookups, search, JWKS."""

from __future__ import annotations

import itertools
import stat
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pymongo
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from tests.subgraphs.conftest import Account, unique_name
from tests.support.accounts import LOGIN, PASSWORD, REGISTER
from tests.support.subgraphs import (
    GraphQLClient,
    RunningSubgraph,
    error_code,
    only_error,
    start_subgraph,
)

USER_FIELDS = "id username displayName email timeZone createdAt"


def registration(**overrides: str) -> dict[str, Any]:
    username = unique_name()
    values = {
        "username": username,
        "email": f"{username}@example.org",
        "password": PASSWORD,
        "displayName": "Someone",
        **overrides,
    }
    return {"input": values}


def stored_users(mongo: pymongo.MongoClient[dict[str, Any]], **query: Any) -> int:
    return mongo["users"]["users"].count_documents(query)


def test_register_stores_an_argon2id_hash_and_never_exposes_it(
    users: GraphQLClient, mongo: pymongo.MongoClient[dict[str, Any]]
) -> None:
    variables = registration(displayName="  Ada Lovelace ")
    query = f"mutation($input: RegisterInput!) {{ register(input: $input) {{ {USER_FIELDS} }} }}"
    user = users.data(query, variables)["register"]

    username = variables["input"]["username"]
    assert user["username"] == username
    assert user["displayName"] == "Ada Lovelace"
    assert user["timeZone"] == "UTC"
    assert user["email"] is None  # not logged in: nobody's email is visible
    assert datetime.fromisoformat(user["createdAt"]).utcoffset() is not None
    stored = mongo["users"]["users"].find_one({"usernameKey": username})
    assert stored is not None
    assert stored["passwordHash"].startswith("$argon2id$")
    assert PASSWORD not in str(stored)


def test_the_schema_has_no_password_field(users: GraphQLClient) -> None:
    sdl = users.data("{ _service { sdl } }")["_service"]["sdl"]
    assert "passwordHash" not in sdl
    assert "password: String!" in sdl  # only as an input


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", "ab"),
        ("username", "has space"),
        ("username", "x" * 33),
        ("email", "not-an-email"),
        ("email", "a@b"),
        ("password", "short12"),
        ("password", "p" * 129),
        ("password", "password"),
        ("password", "12345678"),
        ("password", "qwertyuiop"),
        ("password", "P@ssw0rd!"),
        ("displayName", "   "),
        ("displayName", "d" * 101),
        ("timeZone", "Mars/Olympus_Mons"),
    ],
)
def test_register_rejects_bad_input_and_stores_nothing(
    users: GraphQLClient, mongo: pymongo.MongoClient[dict[str, Any]], field: str, value: str
) -> None:
    variables = registration(**{field: value})
    body = users.execute(REGISTER, variables)

    error = only_error(body)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert body["data"] is None
    email = variables["input"]["email"]
    assert stored_users(mongo, emailKey=email.lower()) == 0


def test_duplicate_username_is_a_conflict_regardless_of_case(
    users: GraphQLClient, alice: Account, mongo: pymongo.MongoClient[dict[str, Any]]
) -> None:
    body = users.execute(REGISTER, registration(username=alice.username.upper()))

    assert only_error(body)["extensions"] == {"code": "CONFLICT", "field": "username"}
    assert stored_users(mongo, usernameKey=alice.username) == 1


def test_a_registered_email_is_not_revealed(
    users: GraphQLClient, alice: Account, mongo: pymongo.MongoClient[dict[str, Any]]
) -> None:
    # Emails are not unique: registering with someone's address says nothing about them
    # (and cannot keep them from registering); the new account is a separate one.
    body = users.execute(REGISTER, registration(email=f"{alice.username.upper()}@Example.org"))

    assert not body.get("errors"), body
    assert body["data"]["register"]["id"] != alice.id
    assert stored_users(mongo, emailKey=f"{alice.username}@example.org") == 2
    assert users.data(LOGIN, {"username": alice.username, "password": PASSWORD})["login"]


@pytest.mark.parametrize(
    ("password", "hint"),
    [
        ("password", "top-10 common password"),
        ("12345678", "top-10 common password"),
        ("iloveyou123", "similar to a commonly used password"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(
    users: GraphQLClient, password: str, hint: str
) -> None:
    error = only_error(users.execute(REGISTER, registration(password=password)))

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "password"}
    assert error["message"].startswith("password is too easy to guess.")
    assert hint in error["message"]


def test_a_password_made_of_the_account_own_names_is_refused(users: GraphQLClient) -> None:
    username = unique_name()
    variables = registration(username=username, password=f"{username}1", displayName="Zed Qux")

    error = only_error(users.execute(REGISTER, variables))
    assert error["extensions"]["field"] == "password"


def test_login_issues_a_token_signed_by_the_published_key(
    users_subgraph: RunningSubgraph, alice: Account
) -> None:
    variables = {"username": alice.username.upper(), "password": PASSWORD}
    payload = users_subgraph.client().data(LOGIN, variables)["login"]

    keys = KeySet.import_key_set(httpx.get(users_subgraph.jwks_url).json())
    token = jwt.decode(payload["token"], keys, algorithms=["Ed25519"])
    assert token.header["alg"] == "Ed25519"
    assert token.header["kid"] == keys.keys[0].kid
    claims = token.claims
    assert claims["sub"] == payload["user"]["id"] == alice.id
    assert claims["username"] == alice.username
    assert (claims["iss"], claims["aud"]) == ("fedcal-users", "fedcal")
    assert claims["exp"] - claims["iat"] == 300  # short-lived: renewed with the refresh token
    assert isinstance(claims["sid"], str) and claims["sid"]
    assert datetime.fromisoformat(payload["expiresAt"]).timestamp() == claims["exp"]


@pytest.mark.parametrize("who", ["wrong password", "unknown user"])
def test_login_failures_are_unauthenticated_and_look_alike(
    users: GraphQLClient, alice: Account, who: str
) -> None:
    if who == "wrong password":
        variables = {"username": alice.username, "password": "not the password"}
    else:
        variables = {"username": unique_name(), "password": PASSWORD}
    error = only_error(users.execute(LOGIN, variables))

    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert error["message"] == "Invalid username or password."


def test_me_shows_the_callers_own_email(users: GraphQLClient, alice: Account) -> None:
    me = users.with_token(alice.token).data(f"{{ me {{ {USER_FIELDS} }} }}")["me"]

    assert me["id"] == alice.id
    assert me["email"] == f"{alice.username}@example.org"


def test_me_requires_a_token(users: GraphQLClient) -> None:
    body = users.execute("{ me { id } }")
    assert error_code(body) == "UNAUTHENTICATED"
    assert body["data"] == {"me": None}


LOOKUPS = {
    "user": ("query($id: ID!) { user(id: $id) { id username } }", "id"),
    "users": ("query($id: ID!) { users(ids: [$id]) { id username } }", "id"),
    "searchUsers": (
        "query($p: String!) { searchUsers(prefix: $p) { totalCount nodes { id } } }",
        "p",
    ),
}


@pytest.mark.parametrize("field", sorted(LOOKUPS))
def test_anonymous_callers_cannot_look_users_up(
    users: GraphQLClient, alice: Account, field: str
) -> None:
    query, variable = LOOKUPS[field]
    value = alice.id if variable == "id" else alice.username
    body = users.execute(query, {variable: value})

    assert error_code(body) == "UNAUTHENTICATED"
    assert body["data"] == {field: None}
    assert alice.username not in str(body)


def test_the_lookups_are_authenticated_in_the_schema(users: GraphQLClient) -> None:
    sdl = users.data("{ _service { sdl } }")["_service"]["sdl"]
    for field in ("user(id:", "users(ids:", "searchUsers("):
        declaration = next(line for line in sdl.splitlines() if field in line)
        assert "@authenticated" in declaration, declaration


def test_new_ids_are_random_not_sequential(new_account: Callable[..., Account]) -> None:
    ids = [new_account().id for _ in range(4)]
    now = time.time()
    # A MongoDB default id starts with its creation time and ends with a counter.
    assert all(abs(int(value[:8], 16) - now) > 86_400 for value in ids), ids
    counters = sorted(int(value[-6:], 16) for value in ids)
    assert all(b - a > 1000 for a, b in itertools.pairwise(counters)), ids


def test_entity_resolution_still_returns_users(users: GraphQLClient, alice: Account) -> None:
    # The router resolves owners of public events this way, for anonymous callers too.
    query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { username } } }"
    found = users.data(query, {"r": [{"__typename": "User", "id": alice.id}]})["_entities"]
    assert found == [{"username": alice.username}]


def test_user_and_users_hide_other_peoples_email(
    users: GraphQLClient, alice: Account, bob: Account
) -> None:
    as_bob = users.with_token(bob.token)
    user = as_bob.data("query($id: ID!) { user(id: $id) { id email } }", {"id": alice.id})
    assert user == {"user": {"id": alice.id, "email": None}}

    unknown = "0" * 24
    found = as_bob.data(
        "query($ids: [ID!]!) { users(ids: $ids) { id username } }",
        {"ids": [bob.id, unknown, alice.id]},
    )["users"]
    assert found == [
        {"id": bob.id, "username": bob.username},
        None,
        {"id": alice.id, "username": alice.username},
    ]


@pytest.mark.parametrize("bad_id", ["nope", "abcdefghijkl"])
def test_users_rejects_malformed_ids(users: GraphQLClient, alice: Account, bad_id: str) -> None:
    users = users.with_token(alice.token)
    body = users.execute("query($ids: [ID!]!) { users(ids: $ids) { id } }", {"ids": [bad_id]})
    assert only_error(body)["extensions"] == {"code": "BAD_USER_INPUT", "field": "ids"}
    body = users.execute("query($id: ID!) { user(id: $id) { id } }", {"id": bad_id})
    assert only_error(body)["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}


UPDATE_PROFILE = """
mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { displayName timeZone } }
"""


def test_update_profile_changes_only_given_fields(
    users: GraphQLClient, new_account: Callable[..., Account]
) -> None:
    account = new_account("Before")
    as_user = users.with_token(account.token)

    changed = as_user.data(UPDATE_PROFILE, {"input": {"timeZone": "Europe/Paris"}})
    assert changed["updateProfile"] == {"displayName": "Before", "timeZone": "Europe/Paris"}
    changed = as_user.data(UPDATE_PROFILE, {"input": {"displayName": "After"}})
    assert changed["updateProfile"] == {"displayName": "After", "timeZone": "Europe/Paris"}


@pytest.mark.parametrize(
    ("field", "value"),
    [("timeZone", "Nowhere/Land"), ("displayName", ""), ("displayName", "x" * 101)],
)
def test_update_profile_rejects_bad_input_and_changes_nothing(
    users: GraphQLClient, alice: Account, field: str, value: str
) -> None:
    as_alice = users.with_token(alice.token)
    before = as_alice.data("{ me { displayName timeZone } }")

    body = as_alice.execute(UPDATE_PROFILE, {"input": {field: value}})

    assert only_error(body)["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert as_alice.data("{ me { displayName timeZone } }") == before


def test_update_profile_requires_a_token(users: GraphQLClient) -> None:
    body = users.execute(UPDATE_PROFILE, {"input": {"displayName": "Mallory"}})
    assert error_code(body) == "UNAUTHENTICATED"


SEARCH = """
query($prefix: String!, $first: Int!, $after: String) {
  searchUsers(prefix: $prefix, first: $first, after: $after) {
    edges { cursor node { username displayName } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}
"""


def test_search_users_by_username_or_display_name_prefix_with_pages(
    users: GraphQLClient, new_account: Callable[..., Account], alice: Account
) -> None:
    tag = unique_name("q")
    first = new_account(f"{tag} One")
    second = new_account(f"{tag.upper()} Two")
    as_alice = users.with_token(alice.token)

    page = as_alice.data(SEARCH, {"prefix": tag, "first": 1})["searchUsers"]
    assert page["totalCount"] == 2
    assert page["pageInfo"]["hasNextPage"] is True
    after = page["pageInfo"]["endCursor"]
    rest = as_alice.data(SEARCH, {"prefix": tag, "first": 1, "after": after})["searchUsers"]
    assert rest["pageInfo"]["hasNextPage"] is False

    found = {edge["node"]["username"] for edge in page["edges"] + rest["edges"]}
    assert found == {first.username, second.username}
    by_username = as_alice.data(SEARCH, {"prefix": first.username[:-2].upper(), "first": 5})
    names = [edge["node"]["username"] for edge in by_username["searchUsers"]["edges"]]
    assert names == [first.username]


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"prefix": "", "first": 5}, "prefix"),
        ({"prefix": "a", "first": 5}, "prefix"),  # type-ahead starts at 2 characters
        ({"prefix": " a ", "first": 5}, "prefix"),
        ({"prefix": "ab", "first": 0}, "first"),
        ({"prefix": "ab", "first": 21}, "first"),  # a short page of people to pick from
        ({"prefix": "ab", "first": 5, "after": "garbage!"}, "after"),
    ],
)
def test_search_users_rejects_bad_arguments(
    users: GraphQLClient, alice: Account, variables: dict[str, Any], field: str
) -> None:
    body = users.with_token(alice.token).execute(SEARCH, variables)
    assert only_error(body)["extensions"] == {"code": "BAD_USER_INPUT", "field": field}


def test_search_users_requires_a_token(users: GraphQLClient) -> None:
    assert error_code(users.execute(SEARCH, {"prefix": "a", "first": 5})) == "UNAUTHENTICATED"


def test_jwks_publishes_only_the_public_key(users_subgraph: RunningSubgraph) -> None:
    response = httpx.get(users_subgraph.jwks_url)

    assert response.status_code == 200
    (key,) = response.json()["keys"]
    assert (key["kty"], key["crv"], key["alg"]) == ("OKP", "Ed25519", "Ed25519")
    assert "d" not in key and key["kid"]


def test_generated_dev_key_file_is_private(users_subgraph: RunningSubgraph, data_dir: Path) -> None:
    key_file = data_dir / "keys" / "users-jwt-ed25519.json"

    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    log = users_subgraph.process.log_path.read_text(errors="replace")  # the whole log
    assert "Generated a DEV JWT signing key" in log


def test_an_older_database_loses_its_unique_email_index(
    mongo: pymongo.MongoClient[dict[str, Any]], mongo_uri: str, data_dir: Path
) -> None:
    database = unique_name("legacy")
    users = mongo[database]["users"]
    users.create_index([("emailKey", 1)], unique=True, name="email_unique")
    running = start_subgraph("users", mongo_uri, {"USERS_MONGODB_DB": database}, data_dir=data_dir)
    try:
        client = running.client()
        for _ in range(2):  # both with one address: no longer a conflict
            assert not client.execute(REGISTER, registration(email="same@example.org")).get(
                "errors"
            )
        assert "email_unique" not in users.index_information()
    finally:
        running.stop()
        mongo.drop_database(database)
