"""Login throttling holds through the router: per account and client, per account from new
clients, per client address as the router sees it (the TCP peer, or what a trusted proxy
appended to X-Forwarded-For). A client that writes its own X-Forwarded-For cannot escape its
limit; the owner still gets in from their own client.

tests/subgraphs/users_throttling covers the users subgraph's counters and delays directly.
"""

from __future__ import annotations

import itertools
import uuid
from typing import Any

import httpx

from tests.stack.abuse.conftest import (
    ACCOUNT_FREE_FAILURES,
    CLIENT_FREE_FAILURES,
    PAIR_FREE_FAILURES,
    TRUSTED_PROXY,
    client_from,
)
from tests.stack.fuzz.platform import Platform
from tests.stack.fuzz.properties import graphql_body
from tests.support.accounts import LOGIN, PASSWORD, credentials

WRONG = "not the password"
_addresses = itertools.count(3)  # 127.0.0.3, 127.0.0.4, ...: one fresh untrusted client each


def fresh_documentation_address() -> str:
    """An address (2001:db8::/32) no other test uses, as a client behind the proxy."""
    digits = uuid.uuid4().hex
    return f"2001:db8::{digits[:4]}:{digits[4:8]}"


def login(
    http: httpx.Client,
    platform: Platform,
    username: str,
    password: str,
    forwarded_for: str | None = None,
) -> dict[str, Any]:
    headers = {} if forwarded_for is None else {"x-forwarded-for": forwarded_for}
    response = http.post(
        platform.url,
        json={"query": LOGIN, "variables": credentials(username, password)},
        headers=headers,
    )
    return graphql_body(response)


def code(body: dict[str, Any]) -> str | None:
    errors = body.get("errors")
    return errors[0]["extensions"]["code"] if errors else None


def logged_in(body: dict[str, Any]) -> bool:
    return code(body) is None and bool(body["data"]["login"]["token"])


def rate_limited(body: dict[str, Any]) -> bool:
    if code(body) != "RATE_LIMITED":
        return False
    assert body["data"] is None
    assert body["errors"][0]["path"] == ["login"]
    assert isinstance(body["errors"][0]["extensions"]["retryAfter"], int)
    return True


def test_the_owner_gets_in_while_an_attacker_fails_on_the_account(platform: Platform) -> None:
    victim = platform.new_person("victim")  # logged in from 127.0.0.1: a known client
    with client_from(f"127.0.0.{next(_addresses)}") as attacker:
        for _ in range(PAIR_FREE_FAILURES):
            assert code(login(attacker, platform, victim.username, WRONG)) == "UNAUTHENTICATED"
        assert rate_limited(login(attacker, platform, victim.username, WRONG))
        assert rate_limited(login(attacker, platform, victim.username, PASSWORD))
    assert logged_in(login(platform.http, platform, victim.username, PASSWORD))


def test_a_botnet_makes_new_clients_wait_but_not_the_owner(platform: Platform) -> None:
    victim = platform.new_person("victim")
    with client_from(TRUSTED_PROXY) as proxy:
        for _ in range(ACCOUNT_FREE_FAILURES):
            attacker = fresh_documentation_address()  # a new address every time
            body = login(proxy, platform, victim.username, WRONG, attacker)
            assert code(body) == "UNAUTHENTICATED"
        right = login(proxy, platform, victim.username, PASSWORD, fresh_documentation_address())
        assert rate_limited(right)
    assert logged_in(login(platform.http, platform, victim.username, PASSWORD))


def test_a_client_sending_its_own_forwarded_for_cannot_escape_its_limit(
    platform: Platform,
) -> None:
    people = [platform.new_person("target") for _ in range(2)]
    address = f"127.0.0.{next(_addresses)}"  # not a trusted proxy
    with client_from(address) as attacker:
        for attempt in range(CLIENT_FREE_FAILURES):
            username = f"nobody{attempt}{uuid.uuid4().hex[:6]}"  # spread over accounts
            body = login(attacker, platform, username, WRONG, fresh_documentation_address())
            assert code(body) == "UNAUTHENTICATED", body
        spoofed = f"{fresh_documentation_address()}, {TRUSTED_PROXY}"
        assert rate_limited(login(attacker, platform, people[0].username, PASSWORD, spoofed))
        assert rate_limited(login(attacker, platform, people[1].username, PASSWORD))
    with client_from(f"127.0.0.{next(_addresses)}") as someone_else:
        assert logged_in(login(someone_else, platform, people[0].username, PASSWORD))


def test_clients_behind_the_trusted_proxy_are_counted_one_by_one(platform: Platform) -> None:
    person = platform.new_person("behind")
    locked_out, neighbour = fresh_documentation_address(), fresh_documentation_address()
    with client_from(TRUSTED_PROXY) as proxy:
        for attempt in range(CLIENT_FREE_FAILURES):
            username = f"ghost{attempt}{uuid.uuid4().hex[:6]}"
            assert code(login(proxy, platform, username, WRONG, locked_out)) == "UNAUTHENTICATED"
        assert rate_limited(login(proxy, platform, person.username, PASSWORD, locked_out))
        # The client cannot hide behind an address it writes itself: the proxy appends the
        # real one, and the router takes the rightmost address the proxy did not add.
        forged = f"{neighbour}, {locked_out}"
        assert rate_limited(login(proxy, platform, person.username, PASSWORD, forged))
        assert logged_in(login(proxy, platform, person.username, PASSWORD, neighbour))
