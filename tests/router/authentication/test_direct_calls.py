"""Subgraphs accept calls only through the router: every GraphQL request needs a valid
router credential; the GraphiQL page and /health need none."""

from __future__ import annotations

import time
from types import MappingProxyType
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import OKPKey

from router.interfaces import Identity
from tests.router.authentication.conftest import Account
from tests.router.authentication.tokens import other_key
from tests.support.router_credentials import (
    ROUTER_AUDIENCE,
    ROUTER_ISSUER,
    ROUTER_KEY,
    credential,
)
from tests.support.subgraphs import RunningSubgraph

REFUSAL = "This subgraph accepts calls only through the router."
SERVICE = "{ _service { sdl } }"
ENTITIES = """query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }"""


def router_credential(key: OKPKey = ROUTER_KEY, **overrides: Any) -> str:
    now = int(time.time())
    claims = {"iss": ROUTER_ISSUER, "aud": ROUTER_AUDIENCE, "iat": now, "exp": now + 300}
    claims.update(overrides)
    return jwt.encode({"alg": "Ed25519", "kid": key.kid}, claims, key, algorithms=["Ed25519"])


def post(
    subgraph: RunningSubgraph,
    query: str,
    variables: dict[str, Any] | None = None,
    authorization: str | None = None,
) -> httpx.Response:
    headers = {"authorization": authorization} if authorization is not None else {}
    return httpx.post(
        subgraph.graphql_url,
        json={"query": query, "variables": variables or {}},
        headers=headers,
        timeout=30.0,
    )


def assert_refused(response: httpx.Response) -> str:
    assert response.status_code == 401, response.text
    body = response.json()
    assert set(body) == {"errors"}, body
    [error] = body["errors"]
    assert error["extensions"] == {"code": "UNAUTHENTICATED"}
    assert error["message"].startswith(REFUSAL)
    return str(error["message"])


@pytest.fixture(params=["users", "events"])
def subgraph(
    request: pytest.FixtureRequest,
    users_subgraph: RunningSubgraph,
    events_subgraph: RunningSubgraph,
) -> RunningSubgraph:
    return users_subgraph if request.param == "users" else events_subgraph


def test_a_valid_router_credential_is_served(subgraph: RunningSubgraph) -> None:
    response = post(subgraph, SERVICE, authorization=f"Bearer {credential()}")
    assert response.status_code == 200
    assert "type Query" in response.json()["data"]["_service"]["sdl"]


@pytest.mark.parametrize(
    ("case", "detail"),
    [
        ("no credential", "No router credential"),
        ("signed by another key", "signature"),
        ("expired", "expired"),
        ("for another audience", "not issued"),
        ("from another issuer", "not issued"),
        ("a user token", "signature"),
        ("not a bearer token", "Bearer"),
        ("malformed", "malformed"),
    ],
)
def test_direct_calls_are_refused(
    subgraph: RunningSubgraph, alice: Account, case: str, detail: str
) -> None:
    now = int(time.time())
    authorization = {
        "no credential": None,
        "signed by another key": f"Bearer {router_credential(other_key())}",
        "expired": f"Bearer {router_credential(iat=now - 900, exp=now - 600)}",
        "for another audience": f"Bearer {router_credential(aud='fedcal')}",
        "from another issuer": f"Bearer {router_credential(iss='fedcal-users')}",
        "a user token": f"Bearer {alice.token}",
        "not a bearer token": f"Token {credential()}",
        "malformed": "Bearer a.b.c",
    }[case]
    message = assert_refused(post(subgraph, "{ __typename }", authorization=authorization))
    assert detail in message


def test_entities_and_service_are_refused_without_a_credential(
    events_subgraph: RunningSubgraph,
) -> None:
    representations = {"r": [{"__typename": "Event", "id": "0" * 24}]}
    assert_refused(post(events_subgraph, SERVICE))
    assert_refused(post(events_subgraph, ENTITIES, representations))
    for query in (SERVICE, "{ _entities(representations: []) { __typename } }"):
        response = httpx.get(
            events_subgraph.graphql_url,
            params={"query": query},
            headers={"accept": "application/json"},
        )
        assert_refused(response)
    allowed = post(events_subgraph, ENTITIES, representations, f"Bearer {credential()}")
    assert allowed.status_code == 200 and "errors" not in allowed.json(), allowed.text


def test_the_viewer_comes_from_the_credentials_claims(
    users_subgraph: RunningSubgraph, alice: Account
) -> None:
    identity = Identity(alice.id, claims=MappingProxyType({"username": alice.username}))
    as_alice = f"Bearer {credential(identity)}"
    response = post(users_subgraph, "{ me { id username } }", None, as_alice)
    assert response.json() == {"data": {"me": {"id": alice.id, "username": alice.username}}}
    anonymous = post(users_subgraph, "{ me { id } }", None, f"Bearer {credential()}").json()
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_graphiql_page_and_health_need_no_credential(events_subgraph: RunningSubgraph) -> None:
    page = httpx.get(events_subgraph.graphql_url, headers={"accept": "text/html"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert httpx.get(f"{events_subgraph.url}/health").status_code == 200
