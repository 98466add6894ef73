"""The router verifies user tokens: a valid one reaches the subgraphs as the viewer, a bad one
is refused with 401 before anything runs, no token is an anonymous caller."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pymongo
import pytest
from joserfc import jwt
from joserfc.jwk import OctKey

from tests.router.authentication.conftest import ME, Account, Router, RouterFactory
from tests.router.authentication.tokens import expired, other_key, sign, users_dev_key
from tests.support.processes import free_port
from tests.support.subgraphs import RunningSubgraph

MY_EVENTS = "{ myEvents(first: 1) { edges { node { id } } } }"
PUBLIC_EVENTS = "{ publicEvents(first: 1) { edges { node { id } } } }"


def hs256_token() -> str:
    """A token with a symmetric algorithm (the classic public-key-as-HMAC-secret attack)."""
    claims = {"sub": "x", "iss": "fedcal-users", "aud": "fedcal", "exp": 4_000_000_000}
    return jwt.encode({"alg": "HS256"}, claims, OctKey.generate_key(256))


def assert_unauthenticated(response: httpx.Response) -> str:
    """A 401 whose body is exactly one UNAUTHENTICATED error and no data; its message."""
    assert response.status_code == 401, response.text
    body = response.json()
    assert set(body) == {"errors"}, body
    [error] = body["errors"]
    assert error["extensions"] == {"code": "UNAUTHENTICATED"}
    assert error["message"]
    assert response.headers["www-authenticate"].startswith("Bearer")
    return str(error["message"])


def test_a_valid_token_makes_the_caller_the_viewer_in_every_subgraph(
    router: Router, alice: Account
) -> None:
    data = router.data(ME, token=alice.token)
    assert data["me"] == {"id": alice.id, "username": alice.username}
    assert router.data(MY_EVENTS, token=alice.token)["myEvents"]["edges"] == []


def test_a_repeated_token_keeps_working(router: Router, alice: Account) -> None:
    for _ in range(3):
        assert router.data(ME, token=alice.token)["me"]["id"] == alice.id


def test_anonymous_callers_get_public_data_and_the_subgraphs_auth_error(router: Router) -> None:
    assert "edges" in router.data(PUBLIC_EVENTS)["publicEvents"]
    response = router.post(ME)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None or body["data"].get("me") is None
    [error] = body["errors"]
    # The subgraph's "must be logged in", or the router's own @authenticated enforcement.
    assert error["extensions"]["code"] in ("UNAUTHENTICATED", "UNAUTHORIZED_FIELD_OR_TYPE")
    assert error["path"] == ["me"]


def test_an_empty_authorization_header_is_anonymous(router: Router) -> None:
    assert "edges" in router.data(PUBLIC_EVENTS, authorization="")["publicEvents"]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("expired", "expired"),
        ("wrong signature, same kid", "signature"),
        ("unknown kid", "signature"),
        ("wrong audience", "not issued for this service"),
        ("wrong issuer", "not issued for this service"),
        ("no subject", "not issued for this service"),
        ("malformed", "malformed"),
        ("signed with HS256", "Ed25519"),
        ("not a bearer token", "Bearer"),
        ("bearer without token", "no token"),
    ],
)
def test_bad_tokens_are_refused_with_401(
    router: Router, data_dir: Path, case: str, expected: str
) -> None:
    key = users_dev_key(data_dir)
    authorization = {
        "expired": f"Bearer {sign(key, **expired())}",
        "wrong signature, same kid": f"Bearer {sign(other_key(), kid=key.kid)}",
        "unknown kid": f"Bearer {sign(other_key())}",
        "wrong audience": f"Bearer {sign(key, aud='someone-else')}",
        "wrong issuer": f"Bearer {sign(key, iss='mallory')}",
        "no subject": f"Bearer {sign(key, sub=None)}",
        "malformed": "Bearer not.a.jwt",
        "signed with HS256": f"Bearer {hs256_token()}",
        "not a bearer token": "Basic YWxpY2U6cGFzc3dvcmQ=",
        "bearer without token": "Bearer",
    }[case]
    message = assert_unauthenticated(router.post(PUBLIC_EVENTS, authorization=authorization))
    assert expected in message


def test_nothing_runs_for_a_refused_token(router: Router, data_dir: Path, mongo_uri: str) -> None:
    username = "neverstored"
    token = sign(users_dev_key(data_dir), **expired())
    response = router.post(
        "mutation($input: RegisterInput!) { register(input: $input) { id } }",
        {
            "input": {
                "username": username,
                "email": f"{username}@example.org",
                "password": "correct horse battery",
                "displayName": "Never",
            }
        },
        token=token,
    )
    assert_unauthenticated(response)
    client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(mongo_uri)
    try:
        assert client["users"]["users"].count_documents({"username": username}) == 0
        assert client["users"]["users"].count_documents({}) > 0  # the right collection
    finally:
        client.close()


def test_get_requests_are_authenticated_too(router: Router, data_dir: Path) -> None:
    token = sign(users_dev_key(data_dir), **expired())
    response = httpx.get(
        router.url,
        params={"query": "{ __typename }"},
        headers={"authorization": f"Bearer {token}", "graphql-preflight": "1"},
    )
    assert_unauthenticated(response)


def test_unreachable_token_keys_give_a_retryable_error(
    start_router: RouterFactory,
    users_subgraph: RunningSubgraph,
    events_subgraph: RunningSubgraph,
    alice: Account,
) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}/.well-known/jwks.json"
    router = start_router(
        {"users": users_subgraph, "events": events_subgraph}, {"ROUTER_JWKS_URL": nowhere}
    )
    response = router.post(ME, token=alice.token)
    assert response.status_code == 503, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "try again" in error["message"]
    assert router.post("{ __typename }").json() == {"data": {"__typename": "Query"}}
