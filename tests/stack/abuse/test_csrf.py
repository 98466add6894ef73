"""CSRF prevention holds on the real router: a write a browser could send cross-site without a
preflight (GET, or a POST with a simple content type) is refused and writes nothing.

tests/router/http/test_protocol.py checks the status codes on a test schema; here the refused
requests carry real writes (register, updateProfile) and the data is checked afterwards.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest

from tests.stack.fuzz.platform import Person, Platform
from tests.stack.fuzz.properties import graphql_body
from tests.support.accounts import REGISTER, registration

RENAME = 'mutation { updateProfile(input: {displayName: "Forged"}) { displayName } }'
PROFILE = "{ me { displayName } }"


def register_body(username: str) -> dict[str, Any]:
    return {"query": REGISTER, "variables": registration(username, "Csrf")}


def simple_post(platform: Platform, body: dict[str, Any], kind: str, token: str) -> httpx.Response:
    """What a cross-site form or ``fetch(no-cors)`` can send: no preflight, simple type."""
    headers = {"authorization": f"Bearer {token}"} if token else {}
    raw = json.dumps(body)
    if kind == "text/plain":
        return platform.http.post(
            platform.url, content=raw, headers={**headers, "content-type": "text/plain"}
        )
    if kind == "form":
        return platform.http.post(
            platform.url,
            data={"query": body["query"], "variables": json.dumps(body.get("variables", {}))},
            headers=headers,
        )
    if kind == "multipart":
        return platform.http.post(platform.url, files={"operations": (None, raw)}, headers=headers)
    if kind == "no content type":
        return platform.http.post(platform.url, content=raw, headers=headers)
    assert kind == "GET"
    params = {"query": body["query"], "variables": json.dumps(body.get("variables", {}))}
    return platform.http.get(platform.url, params=params, headers=headers)


SIMPLE_REQUESTS = ["text/plain", "form", "multipart", "no content type", "GET"]


@pytest.fixture(scope="module")
def victim(platform: Platform) -> Person:
    return platform.new_person("csrfvictim")


def assert_csrf_refusal(response: httpx.Response) -> None:
    body = graphql_body(response)
    assert response.status_code == 400, body
    assert "data" not in body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "CSRF" in error["message"]


@pytest.mark.parametrize("kind", SIMPLE_REQUESTS)
def test_a_simple_request_cannot_change_a_profile(
    platform: Platform, victim: Person, kind: str
) -> None:
    before = platform.data(PROFILE, token=victim.token)["me"]
    assert_csrf_refusal(simple_post(platform, {"query": RENAME}, kind, victim.token))
    assert platform.data(PROFILE, token=victim.token)["me"] == before


@pytest.mark.parametrize("kind", SIMPLE_REQUESTS)
def test_a_simple_request_cannot_register(platform: Platform, kind: str) -> None:
    username = f"csrf{uuid.uuid4().hex[:12]}"
    assert_csrf_refusal(simple_post(platform, register_body(username), kind, ""))
    # The username is still free: the refused request created no account.
    assert platform.data(REGISTER, register_body(username)["variables"])["register"]["id"]


def test_a_preflighted_get_still_cannot_write(platform: Platform, victim: Person) -> None:
    before = platform.data(PROFILE, token=victim.token)["me"]
    response = platform.http.get(
        platform.url,
        params={"query": RENAME},
        headers={"authorization": f"Bearer {victim.token}", "graphql-preflight": "1"},
    )
    body = graphql_body(response)
    assert response.status_code == 405, body
    assert response.headers["allow"] == "POST"
    assert platform.data(PROFILE, token=victim.token)["me"] == before


def test_a_preflighted_simple_post_is_not_json(platform: Platform, victim: Person) -> None:
    before = platform.data(PROFILE, token=victim.token)["me"]
    response = platform.http.post(
        platform.url,
        content=json.dumps({"query": RENAME}),
        headers={
            "authorization": f"Bearer {victim.token}",
            "content-type": "text/plain",
            "apollo-require-preflight": "true",
        },
    )
    assert graphql_body(response) and response.status_code == 415
    assert platform.data(PROFILE, token=victim.token)["me"] == before


def test_a_preflighted_get_query_works(platform: Platform, victim: Person) -> None:
    """Control: the refusals above are about CSRF, not GET as such."""
    response = platform.http.get(
        platform.url,
        params={"query": PROFILE},
        headers={"authorization": f"Bearer {victim.token}", "x-apollo-operation-name": "Me"},
    )
    assert graphql_body(response)["data"]["me"]["displayName"] == "Csrfvictim"
