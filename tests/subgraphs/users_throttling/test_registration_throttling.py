"""Registrations are limited per client address (as the router forwards it): taken
usernames count too, bad input does not, other clients are not affected."""

from __future__ import annotations

from typing import Any

import httpx
import pymongo

from tests.subgraphs.users_throttling.conftest import (
    REGISTRATION_WINDOW_SECONDS,
    REGISTRATIONS_PER_CLIENT,
)
from tests.subgraphs.users_throttling.test_login_throttling import unique_address, unique_name
from tests.support.accounts import REGISTER, registration
from tests.support.router_credentials import credential
from tests.support.subgraphs import GraphQLClient, error_code, only_error


def register(users: GraphQLClient, username: str, client: str, **overrides: str) -> dict[str, Any]:
    variables = registration(username)
    variables["input"].update(overrides)
    response = httpx.post(
        users.url,
        json={"query": REGISTER, "variables": variables},
        headers={"Authorization": f"Bearer {credential()}", "X-Forwarded-For": client},
        timeout=30.0,
    )
    body: dict[str, Any] = response.json()
    return body


def test_a_client_registers_a_few_accounts_then_waits(
    users: GraphQLClient, mongo: pymongo.MongoClient[dict[str, Any]]
) -> None:
    client, taken = unique_address(), unique_name()
    assert not register(users, taken, client).get("errors")
    assert error_code(register(users, taken, client)) == "CONFLICT"  # probing counts
    for _ in range(REGISTRATIONS_PER_CLIENT - 2):
        assert not register(users, unique_name(), client).get("errors")

    refused_name = unique_name()
    body = register(users, refused_name, client)
    error = only_error(body)
    assert error["extensions"]["code"] == "RATE_LIMITED", body
    assert 0 < error["extensions"]["retryAfter"] <= REGISTRATION_WINDOW_SECONDS
    assert error["message"].startswith("Too many registrations from your address.")
    assert body["data"] is None
    assert mongo["users"]["users"].count_documents({"usernameKey": refused_name}) == 0

    assert not register(users, unique_name(), unique_address()).get("errors")


def test_bad_input_does_not_use_up_the_quota(users: GraphQLClient) -> None:
    client = unique_address()
    for _ in range(REGISTRATIONS_PER_CLIENT + 2):
        body = register(users, unique_name(), client, password="password")
        assert error_code(body) == "BAD_USER_INPUT"
    assert not register(users, unique_name(), client).get("errors")
