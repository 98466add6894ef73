"""Token checks on protected fields of both subgraphs; where the signing key comes from."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import OKPKey

from tests.subgraphs.conftest import Account
from tests.support.subgraphs import RunningSubgraph, error_code, start_subgraph

PROTECTED = {
    "users": "{ me { id } }",
    "events": "{ myEvents(first: 1) { edges { node { id } } } }",
}


def dev_key(data_dir: Path) -> OKPKey:
    """The key the users subgraph generated in the test's data directory."""
    return OKPKey.import_key(json.loads((data_dir / "keys" / "users-jwt-ed25519.json").read_text()))


def sign(key: OKPKey, *, kid: str | None = None, **overrides: Any) -> str:
    now = int(time.time())
    claims = {
        "sub": "0" * 24,
        "username": "someone",
        "iss": "fedcal-users",
        "aud": "fedcal",
        "iat": now,
        "exp": now + 600,
        **overrides,
    }
    header = {"alg": "Ed25519", "kid": kid or key.kid or "none"}
    return jwt.encode(header, claims, key, algorithms=["Ed25519"])


def other_key() -> OKPKey:
    key = OKPKey.generate_key("Ed25519")
    key.ensure_kid()
    return key


@pytest.fixture(params=["users", "events"])
def subgraph(
    request: pytest.FixtureRequest,
    users_subgraph: RunningSubgraph,
    events_subgraph: RunningSubgraph,
) -> RunningSubgraph:
    return users_subgraph if request.param == "users" else events_subgraph


def test_a_token_from_login_is_accepted(subgraph: RunningSubgraph, alice: Account) -> None:
    body = subgraph.client(alice.token).execute(PROTECTED[subgraph.name])
    assert "errors" not in body, body


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "malformed",
        "expired",
        "wrong key, same kid",
        "unknown kid",
        "wrong audience",
        "wrong issuer",
    ],
)
def test_bad_tokens_are_unauthenticated(
    subgraph: RunningSubgraph, data_dir: Path, case: str
) -> None:
    key = dev_key(data_dir)
    tokens = {
        "missing": None,
        "malformed": "not.a.jwt",
        "expired": sign(key, iat=int(time.time()) - 7200, exp=int(time.time()) - 3600),
        "wrong key, same kid": sign(other_key(), kid=key.kid),
        "unknown kid": sign(other_key()),
        "wrong audience": sign(key, aud="someone-else"),
        "wrong issuer": sign(key, iss="mallory"),
    }
    body = subgraph.client(tokens[case]).execute(PROTECTED[subgraph.name])

    assert error_code(body) == "UNAUTHENTICATED"


@pytest.fixture
def fresh_data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def production_users(mongo_uri: str, fresh_data_dir: Path) -> Iterator[list[RunningSubgraph]]:
    started: list[RunningSubgraph] = []
    yield started
    for running in started:
        running.stop()


def test_production_refuses_to_generate_a_key(
    mongo_uri: str, fresh_data_dir: Path, production_users: list[RunningSubgraph]
) -> None:
    running = start_subgraph(
        "users", mongo_uri, {"APP_ENV": "production"}, data_dir=fresh_data_dir, wait=False
    )
    production_users.append(running)
    assert running.process.process is not None
    assert running.process.process.wait(timeout=120) != 0
    assert "never generated when APP_ENV=production" in running.process.log_tail(60)
    assert not (fresh_data_dir / "keys").exists()


def test_production_uses_the_key_from_the_environment(
    mongo_uri: str, fresh_data_dir: Path, production_users: list[RunningSubgraph]
) -> None:
    key = other_key()
    env = {"APP_ENV": "production", "USERS_JWT_PRIVATE_KEY": json.dumps(key.as_dict(private=True))}
    running = start_subgraph("users", mongo_uri, env, data_dir=fresh_data_dir)
    production_users.append(running)

    published = httpx.get(running.jwks_url).json()["keys"]
    assert [entry["kid"] for entry in published] == [key.kid]
    assert "d" not in published[0]
