"""Failed logins lock out the account (or the client address) with RATE_LIMITED for a while."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pymongo

from tests.subgraphs.users_throttling.conftest import (
    ACCOUNT_MAX_FAILURES,
    CLIENT_MAX_FAILURES,
    LOCKOUT_SECONDS,
)
from tests.support.accounts import LOGIN, PASSWORD, REGISTER, registration
from tests.support.router_credentials import credential
from tests.support.subgraphs import GraphQLClient, error_code, only_error

WRONG_PASSWORD = "not the password"


def unique_name() -> str:
    return f"t{uuid.uuid4().hex[:12]}"


def unique_address() -> str:
    """A documentation-range IPv6 address (2001:db8::/32) that no other test uses."""
    digits = uuid.uuid4().hex
    return f"2001:db8::{digits[:4]}:{digits[4:8]}"


def register(users: GraphQLClient) -> str:
    username = unique_name()
    users.data(REGISTER, registration(username, "Someone"))
    return username


def login(
    users: GraphQLClient, username: str, password: str, forwarded_for: str | None = None
) -> dict[str, Any]:
    """Log in, optionally as the router does for a client (``X-Forwarded-For``)."""
    headers = {"Authorization": f"Bearer {credential()}"}  # as the router sends it
    if forwarded_for is not None:
        headers["X-Forwarded-For"] = forwarded_for
    response = httpx.post(
        users.url,
        json={"query": LOGIN, "variables": {"username": username, "password": password}},
        headers=headers,
        timeout=30.0,
    )
    body: dict[str, Any] = response.json()
    return body


def fail_until_locked(users: GraphQLClient, username: str) -> None:
    for _ in range(ACCOUNT_MAX_FAILURES):
        assert error_code(login(users, username, WRONG_PASSWORD)) == "UNAUTHENTICATED"


def assert_rate_limited(body: dict[str, Any]) -> dict[str, Any]:
    error = only_error(body)
    assert error["extensions"]["code"] == "RATE_LIMITED", body
    assert body["data"] is None
    retry_after = error["extensions"]["retryAfter"]
    assert isinstance(retry_after, int) and 0 < retry_after <= LOCKOUT_SECONDS
    assert error["message"].startswith("Too many failed login attempts. Try again in ")
    return error


def succeeds(body: dict[str, Any]) -> bool:
    return not body.get("errors") and bool(body["data"]["login"]["token"])


def test_repeated_failures_lock_the_account_even_for_the_right_password(
    users: GraphQLClient,
) -> None:
    username = register(users)
    fail_until_locked(users, username)

    error = assert_rate_limited(login(users, username, PASSWORD))
    assert "10 minutes" in error["message"]
    assert_rate_limited(login(users, username.upper(), WRONG_PASSWORD))  # same account key


def test_a_locked_account_does_not_lock_other_accounts(users: GraphQLClient) -> None:
    locked, other = register(users), register(users)
    fail_until_locked(users, locked)
    assert_rate_limited(login(users, locked, PASSWORD))

    assert succeeds(login(users, other, PASSWORD))


def test_a_successful_login_resets_the_account_failures(users: GraphQLClient) -> None:
    username = register(users)
    for _ in range(2):
        for _ in range(ACCOUNT_MAX_FAILURES - 1):
            assert error_code(login(users, username, WRONG_PASSWORD)) == "UNAUTHENTICATED"
        assert succeeds(login(users, username, PASSWORD))


def test_unknown_usernames_are_locked_out_the_same_way(users: GraphQLClient) -> None:
    known, unknown = register(users), unique_name()
    fail_until_locked(users, known)
    fail_until_locked(users, unknown)

    known_error = assert_rate_limited(login(users, known, PASSWORD))
    unknown_error = assert_rate_limited(login(users, unknown, PASSWORD))
    assert unknown_error["message"] == known_error["message"]
    assert unknown_error["extensions"].keys() == known_error["extensions"].keys()


def test_failures_from_one_client_lock_it_out_across_usernames(users: GraphQLClient) -> None:
    address, victim = unique_address(), register(users)
    for _ in range(CLIENT_MAX_FAILURES):  # one failure each: no account reaches its limit
        body = login(users, unique_name(), WRONG_PASSWORD, f"{address}, 10.0.0.2")
        assert error_code(body) == "UNAUTHENTICATED"

    assert_rate_limited(login(users, victim, PASSWORD, address))
    assert succeeds(login(users, victim, PASSWORD, unique_address()))  # another client
    assert succeeds(login(users, victim, PASSWORD))  # no address: no per-client limit


def test_an_expired_lockout_no_longer_applies_even_before_cleanup(
    users: GraphQLClient, mongo: pymongo.MongoClient[dict[str, Any]]
) -> None:
    username = register(users)
    fail_until_locked(users, username)
    assert_rate_limited(login(users, username, PASSWORD))

    # Age the stored counter instead of sleeping; the TTL cleanup has not removed it.
    past = datetime.now(UTC) - timedelta(seconds=1)
    counters = mongo["users"]["loginFailures"]
    changed = counters.update_one(
        {"_id": f"account:{username}"},
        {"$set": {"lockedUntil": past, "windowEndsAt": past, "expiresAt": past}},
    )
    assert changed.matched_count == 1

    assert succeeds(login(users, username, PASSWORD))
    assert counters.count_documents({"_id": f"account:{username}"}) == 0  # reset on success


def test_counters_are_cleaned_up_by_a_ttl_index(
    users: GraphQLClient, mongo: pymongo.MongoClient[dict[str, Any]]
) -> None:
    username = unique_name()
    assert error_code(login(users, username, WRONG_PASSWORD)) == "UNAUTHENTICATED"

    counters = mongo["users"]["loginFailures"]
    stored = counters.find_one({"_id": f"account:{username}"})
    assert stored is not None and stored["failures"] == 1
    assert stored["expiresAt"] > datetime.now(UTC)
    ttl = [
        index
        for index in counters.index_information().values()
        if index["key"] == [("expiresAt", 1)]
    ]
    assert ttl and ttl[0]["expireAfterSeconds"] == 0
