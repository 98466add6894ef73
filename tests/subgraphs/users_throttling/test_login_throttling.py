"""Failed logins make later attempts wait (RATE_LIMITED with retryAfter), per account and
client, per account from new clients, per client; the owner keeps access from their own
client while someone else fails on their account."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pymongo

from tests.subgraphs.users_throttling.conftest import (
    ACCOUNT_FREE_FAILURES,
    CLIENT_FREE_FAILURES,
    FIRST_DELAY_SECONDS,
    MAX_DELAY_SECONDS,
    PAIR_FREE_FAILURES,
    WINDOW_SECONDS,
)
from tests.support.accounts import LOGIN, PASSWORD, REGISTER, registration
from tests.support.router_credentials import credential
from tests.support.subgraphs import GraphQLClient, error_code, only_error

WRONG_PASSWORD = "not the password"
Counters = pymongo.collection.Collection[dict[str, Any]]


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


def fail(users: GraphQLClient, username: str, times: int, client: str | None = None) -> None:
    for _ in range(times):
        assert error_code(login(users, username, WRONG_PASSWORD, client)) == "UNAUTHENTICATED"


def retry_after(body: dict[str, Any]) -> int:
    """The wait of a RATE_LIMITED answer (which checked no password)."""
    error = only_error(body)
    assert error["extensions"]["code"] == "RATE_LIMITED", body
    assert body["data"] is None
    assert error["message"].startswith("Too many failed login attempts. Try again in ")
    seconds = error["extensions"]["retryAfter"]
    assert isinstance(seconds, int) and 0 < seconds <= MAX_DELAY_SECONDS
    return seconds


def succeeds(body: dict[str, Any]) -> bool:
    return not body.get("errors") and bool(body["data"]["login"]["token"])


def counters(mongo: pymongo.MongoClient[dict[str, Any]]) -> Counters:
    return mongo["users"]["loginFailures"]


def age(mongo: pymongo.MongoClient[dict[str, Any]], key: str, seconds: float) -> None:
    """Move a counter's last failure into the past instead of sleeping."""
    past = datetime.now(UTC) - timedelta(seconds=seconds)
    assert counters(mongo).update_one({"_id": key}, {"$set": {"lastAt": past}}).matched_count


def test_failures_from_one_client_delay_only_that_client(users: GraphQLClient) -> None:
    username, attacker, owner = register(users), unique_address(), unique_address()
    fail(users, username, PAIR_FREE_FAILURES, attacker)

    assert 0 < retry_after(login(users, username, PASSWORD, attacker)) <= FIRST_DELAY_SECONDS
    assert succeeds(login(users, username, PASSWORD, owner))


def test_delays_double_with_each_further_failure(
    users: GraphQLClient, mongo: pymongo.MongoClient[dict[str, Any]]
) -> None:
    username, client = register(users), unique_address()
    fail(users, username, PAIR_FREE_FAILURES, client)
    pair = f"pair:{username}|{client}"
    waits = []
    for _ in range(2):
        waits.append(retry_after(login(users, username, PASSWORD, client)))
        age(mongo, pair, waits[-1] + 1)  # the wait is over
        fail(users, username, 1, client)
    waits.append(retry_after(login(users, username, PASSWORD, client)))

    assert waits[0] <= FIRST_DELAY_SECONDS
    assert FIRST_DELAY_SECONDS < waits[1] <= 2 * FIRST_DELAY_SECONDS
    assert 2 * FIRST_DELAY_SECONDS < waits[2] <= 4 * FIRST_DELAY_SECONDS


def test_the_owner_logs_in_from_their_client_while_a_botnet_fails_on_the_account(
    users: GraphQLClient,
) -> None:
    username, home = register(users), unique_address()
    assert succeeds(login(users, username, PASSWORD, home))  # the owner's usual client
    for _ in range(ACCOUNT_FREE_FAILURES):  # a new address every time
        fail(users, username, 1, unique_address())

    retry_after(login(users, username, WRONG_PASSWORD, unique_address()))  # the next guess
    retry_after(login(users, username, PASSWORD, unique_address()))  # any new client waits
    assert succeeds(login(users, username, PASSWORD, home))
    assert succeeds(login(users, username, PASSWORD, home))


def test_a_success_does_not_give_the_attackers_new_guesses(users: GraphQLClient) -> None:
    username, home = register(users), unique_address()
    assert succeeds(login(users, username, PASSWORD, home))
    for _ in range(ACCOUNT_FREE_FAILURES):
        fail(users, username, 1, unique_address())
    assert succeeds(login(users, username, PASSWORD, home))

    retry_after(login(users, username, WRONG_PASSWORD, unique_address()))


def test_a_success_resets_the_client_s_own_count(users: GraphQLClient) -> None:
    username, client = register(users), unique_address()
    for _ in range(3):
        fail(users, username, PAIR_FREE_FAILURES - 1, client)
        assert succeeds(login(users, username, PASSWORD, client))


def test_one_client_failing_on_many_accounts_waits_for_all(users: GraphQLClient) -> None:
    address, victim = unique_address(), register(users)
    for _ in range(CLIENT_FREE_FAILURES):  # one failure each: no account reaches its limit
        fail(users, unique_name(), 1, f"{address}, 10.0.0.2")

    retry_after(login(users, victim, PASSWORD, address))
    assert succeeds(login(users, victim, PASSWORD, unique_address()))  # another client


def test_unknown_usernames_wait_the_same_way(users: GraphQLClient) -> None:
    known, unknown, client = register(users), unique_name(), unique_address()
    fail(users, known, PAIR_FREE_FAILURES, client)
    fail(users, unknown, PAIR_FREE_FAILURES, client)

    known_error = only_error(login(users, known, PASSWORD, client))
    unknown_error = only_error(login(users, unknown, PASSWORD, client))
    for error in (known_error, unknown_error):  # the wait itself depends on the clock
        assert error["message"].startswith("Too many failed login attempts. Try again in ")
    assert unknown_error["extensions"].keys() == known_error["extensions"].keys()
    assert unknown_error["extensions"]["code"] == known_error["extensions"]["code"]


def test_without_an_address_the_account_wide_count_applies(users: GraphQLClient) -> None:
    username = register(users)
    fail(users, username, ACCOUNT_FREE_FAILURES)

    retry_after(login(users, username.upper(), PASSWORD))  # the same account key


def test_the_counters_are_shared_by_every_instance(
    users: GraphQLClient, second_instance: GraphQLClient
) -> None:
    username, client = register(users), unique_address()
    fail(users, username, PAIR_FREE_FAILURES, client)

    retry_after(login(second_instance, username, PASSWORD, client))


def test_a_quiet_window_starts_the_count_afresh(
    users: GraphQLClient, mongo: pymongo.MongoClient[dict[str, Any]]
) -> None:
    username, client = register(users), unique_address()
    fail(users, username, PAIR_FREE_FAILURES, client)
    retry_after(login(users, username, PASSWORD, client))

    for key in (f"pair:{username}|{client}", f"account:{username}", f"client:{client}"):
        age(mongo, key, WINDOW_SECONDS + 1)  # the TTL cleanup has not removed them
    fail(users, username, PAIR_FREE_FAILURES - 1, client)
    assert succeeds(login(users, username, PASSWORD, client))
    assert counters(mongo).count_documents({"_id": f"pair:{username}|{client}"}) == 0


def test_counters_are_cleaned_up_by_a_ttl_index(
    users: GraphQLClient, mongo: pymongo.MongoClient[dict[str, Any]]
) -> None:
    username = unique_name()
    fail(users, username, 1)

    stored = counters(mongo).find_one({"_id": f"account:{username}"})
    assert stored is not None and stored["count"] == 1
    assert stored["expiresAt"] > datetime.now(UTC)
    ttl = [
        index
        for index in counters(mongo).index_information().values()
        if index["key"] == [("expiresAt", 1)]
    ]
    assert ttl and ttl[0]["expireAfterSeconds"] == 0


def test_a_usual_login_writes_no_counter(
    users: GraphQLClient, mongo: pymongo.MongoClient[dict[str, Any]]
) -> None:
    username, home = register(users), unique_address()
    assert succeeds(login(users, username, PASSWORD, home))
    marker = counters(mongo).find_one({"_id": f"known:{username}|{home}"})
    assert marker is not None and marker["expiresAt"] > datetime.now(UTC) + timedelta(days=80)

    assert succeeds(login(users, username, PASSWORD, home))
    assert counters(mongo).find_one({"_id": f"known:{username}|{home}"}) == marker
    assert counters(mongo).count_documents({"_id": {"$regex": f"^(pair|client):.*{home}"}}) == 0
