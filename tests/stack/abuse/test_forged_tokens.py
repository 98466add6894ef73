"""Forged tokens are refused by the router (401, nothing runs), and a forged write leaves the
victim's data as it was.

tests/router/authentication/test_router_authentication.py already covers: expired, wrong
signature with the real kid, unknown kid, wrong audience/issuer, no subject, malformed, HS256
with a random secret, other schemes, an empty Bearer. Here: the attacks that reuse something
real (the victim's id, the server's public key, an attacker's own valid token, the router's
credential).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from joserfc.jwk import OKPKey

from router.interfaces import Identity
from tests.router.authentication.tokens import other_key, sign, users_dev_key
from tests.stack.fuzz.platform import Person, Platform
from tests.stack.fuzz.properties import error_codes, graphql_body
from tests.support.router_credentials import credential

RENAME = 'mutation { updateProfile(input: {displayName: "Pwned"}) { id displayName } }'
PROFILE = "{ me { id displayName timeZone } }"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def compact(header: dict[str, Any], claims: dict[str, Any], signature: bytes = b"") -> str:
    return f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}.{b64(signature)}"


def hs256(header: dict[str, Any], claims: dict[str, Any], secret: bytes) -> str:
    """An HMAC-signed token, built by hand (libraries refuse public keys as secrets)."""
    signing_input = compact(header, claims).rsplit(".", 1)[0]
    digest = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(digest)}"


@dataclass(frozen=True)
class Scene:
    victim: Person
    attacker: Person
    key: OKPKey  # the users subgraph's signing key: only its public half is used to attack

    def claims(self, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims = {
            "sub": self.victim.id,
            "username": self.victim.username,
            "iss": "fedcal-users",
            "aud": "fedcal",
            "iat": now,
            "exp": now + 600,
        }
        return {**claims, **overrides}

    def public_jwk(self) -> dict[str, Any]:
        return dict(self.key.as_dict(private=False))


def swapped_payload(scene: Scene) -> str:
    """The attacker's own valid token with the payload replaced by the victim's claims."""
    header, _, signature = scene.attacker.token.split(".")
    payload = b64(json.dumps(scene.claims()).encode())
    return f"{header}.{payload}.{signature}"


FORGERIES: dict[str, Callable[[Scene], str]] = {
    "alg none": lambda s: compact({"alg": "none", "typ": "JWT"}, s.claims()),
    "alg none with the real kid": lambda s: compact({"alg": "none", "kid": s.key.kid}, s.claims()),
    "alg None, signature kept": lambda s: compact(
        {"alg": "None", "kid": s.key.kid}, s.claims(), b"x" * 64
    ),
    "HS256 with the public JWK as secret": lambda s: hs256(
        {"alg": "HS256", "kid": s.key.kid}, s.claims(), json.dumps(s.public_jwk()).encode()
    ),
    "HS256 with the raw public key as secret": lambda s: hs256(
        {"alg": "HS256", "kid": s.key.kid},
        s.claims(),
        base64.urlsafe_b64decode(s.public_jwk()["x"] + "=="),
    ),
    "HS256 with the public key's x as secret": lambda s: hs256(
        {"alg": "HS256", "kid": s.key.kid}, s.claims(), s.public_jwk()["x"].encode()
    ),
    "victim's claims under the attacker's signature": swapped_payload,
    "attacker key embedded in the header (jwk)": lambda s: _embedded_key(s),
    "attacker key set URL in the header (jku)": lambda s: sign(
        other_key(), sub=s.victim.id, jku="http://127.0.0.1:9/jwks.json"
    ),
    "kid path traversal": lambda s: sign(other_key(), kid="../../../../dev/null", sub=s.victim.id),
    "kid injection": lambda s: sign(other_key(), kid="' OR '1'='1", sub=s.victim.id),
    "not valid before a future time": lambda s: sign(
        s.key, sub=s.victim.id, nbf=int(time.time()) + 3600
    ),
    "expiry as a string": lambda s: sign(s.key, sub=s.victim.id, exp="99999999999"),
    "the router's own subgraph credential": lambda s: credential(
        Identity(subject=s.victim.id, scopes=frozenset(), claims={})
    ),
    "a credential-shaped token from another key": lambda s: sign(
        other_key(), sub=s.victim.id, iss="fedcal-router", aud="fedcal-subgraphs"
    ),
}


def _embedded_key(scene: Scene) -> str:
    from joserfc import jwt

    attacker_key = other_key()
    header = {
        "alg": "Ed25519",
        "kid": scene.key.kid,
        "jwk": dict(attacker_key.as_dict(private=False)),
    }
    return jwt.encode(header, scene.claims(), attacker_key, algorithms=["Ed25519"])


@pytest.fixture(scope="module")
def scene(platform: Platform) -> Scene:
    victim, attacker = platform.new_person("victim"), platform.new_person("attacker")
    return Scene(victim, attacker, users_dev_key(platform.stack.data_dir))


def profile(platform: Platform, person: Person) -> dict[str, Any]:
    me: dict[str, Any] = platform.data(PROFILE, token=person.token)["me"]
    return me


def assert_refused(response: httpx.Response) -> None:
    body = graphql_body(response)
    assert response.status_code == 401, response.text
    assert set(body) == {"errors"}, body
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("forgery", list(FORGERIES))
def test_forged_tokens_are_refused_and_change_nothing(
    platform: Platform, scene: Scene, forgery: str
) -> None:
    before = profile(platform, scene.victim)
    token = FORGERIES[forgery](scene)
    assert_refused(platform.post({"query": RENAME}, token))
    assert_refused(platform.post({"query": PROFILE}, token))
    assert profile(platform, scene.victim) == before
    assert before["displayName"] != "Pwned"


def test_a_genuine_token_is_accepted(platform: Platform, scene: Scene) -> None:
    """The same requests with a real token do work: the refusals above are about the token."""
    assert profile(platform, scene.attacker)["id"] == scene.attacker.id
    session = session_of(scene.attacker.token)  # the router refuses tokens of no session
    signed = sign(scene.key, sub=scene.attacker.id, username=scene.attacker.username, sid=session)
    assert platform.data(PROFILE, token=signed)["me"]["id"] == scene.attacker.id


def session_of(token: str) -> str:
    """The ``sid`` claim of a genuine token (read, not verified)."""
    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return str(claims["sid"])


def test_a_second_authorization_header_cannot_smuggle_a_forgery(
    platform: Platform, scene: Scene
) -> None:
    forged = FORGERIES["victim's claims under the attacker's signature"](scene)
    headers = [
        ("authorization", f"Bearer {scene.attacker.token}"),
        ("authorization", f"Bearer {forged}"),
    ]
    response = platform.http.post(platform.url, json={"query": PROFILE}, headers=headers)
    body = graphql_body(response)
    if response.status_code == 200:  # one header was used: it must be the genuine one
        assert body["data"]["me"]["id"] == scene.attacker.id
    else:
        assert_refused(response)


@pytest.mark.parametrize(
    "where",
    ["cookie", "query parameter", "body field"],
)
def test_tokens_outside_the_authorization_header_are_ignored(
    platform: Platform, scene: Scene, where: str
) -> None:
    token = scene.victim.token
    body: dict[str, Any] = {"query": PROFILE}
    request: dict[str, Any] = {}
    if where == "cookie":
        request["cookies"] = {"authorization": f"Bearer {token}", "token": token}
    elif where == "query parameter":
        request["params"] = {"access_token": token, "token": token}
    else:
        body["token"] = token
        body["extensions"] = {"authorization": f"Bearer {token}"}
    with httpx.Client(cookies=request.pop("cookies", None), timeout=60.0) as http:
        response = http.post(platform.url, json=body, **request)
    answer = graphql_body(response)
    assert answer["data"] is None or answer["data"]["me"] is None
    assert {error["extensions"]["code"] for error in answer["errors"]} <= {
        "UNAUTHENTICATED",
        "UNAUTHORIZED_FIELD_OR_TYPE",
        "BAD_REQUEST",
    }


def test_an_oversized_token_is_refused_cleanly(platform: Platform, scene: Scene) -> None:
    huge = sign(other_key(), sub=scene.victim.id, padding="x" * 60_000)
    response = platform.post({"query": PROFILE}, huge)
    if response.status_code == 431:  # the HTTP server refused the header itself
        return
    assert_refused(response)
