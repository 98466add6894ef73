"""Logout and account removal end a token's life at the router, well before its ``exp``."""

from __future__ import annotations

from typing import Any

import httpx
import pymongo
from bson import ObjectId

from tests.stack.sessions.conftest import LOGOUT, ME, Api, eventually, refused
from tests.webapp.stack import Stack

LOGOUT_EVERYWHERE = "mutation { logoutEverywhere }"


def rejection(api: Api, token: str) -> str | None:
    """The router's message once it refuses ``token``; None while it still accepts it."""
    response = api.post(ME, token=token)
    return refused(response) if response.status_code == 401 else None


def test_logout_revokes_the_token_at_the_router(api: Api) -> None:
    login = api.login(api.register())
    assert api.data(ME, token=login.token)["me"]["id"] == login.user_id
    assert api.data(LOGOUT, token=login.token) == {"logout": True}
    message = eventually(lambda: rejection(api, login.token), "the logged-out token is refused")
    assert "revoked" in message, message  # not merely expired
    assert "revoked" in refused(api.create_event(login.token, "after logout"))


def test_logout_ends_only_that_session(api: Api) -> None:
    username = api.register()
    kept, ended = api.login(username), api.login(username)
    api.data(LOGOUT, token=ended.token)
    eventually(lambda: rejection(api, ended.token), "the logged-out token is refused")
    assert api.data(ME, token=kept.token)["me"]["id"] == kept.user_id


def test_logout_everywhere_ends_every_session(api: Api) -> None:
    username = api.register()
    first, second = api.login(username), api.login(username)
    assert api.data(LOGOUT_EVERYWHERE, token=first.token) == {"logoutEverywhere": 2}
    eventually(lambda: rejection(api, first.token), "the first session is refused")
    eventually(lambda: rejection(api, second.token), "the second session is refused")


def test_a_removed_users_token_stops_working(api: Api, stack: Stack) -> None:
    login = api.login(api.register("gone"))
    assert api.create_event(login.token, "before removal").json()["data"]["createEvent"]
    client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(stack.mongo_uri)
    try:
        removed = client["users"]["users"].delete_one({"_id": ObjectId(login.user_id)})
        assert removed.deleted_count == 1
    finally:
        client.close()
    message = eventually(lambda: rejection(api, login.token), "the removed user's token fails")
    assert "revoked" in message, message
    assert "revoked" in refused(api.create_event(login.token, "after removal"))


def test_the_revocation_list_names_sessions_not_users(api: Api, stack: Stack) -> None:
    login = api.login(api.register())
    api.data(LOGOUT, token=login.token)
    url = stack.subgraphs["users"].url + "/.well-known/revoked-sessions.json"
    body = httpx.get(url, timeout=30.0).json()
    assert set(body) == {"revoked"}
    assert all(isinstance(entry, str) for entry in body["revoked"])
    assert login.user_id not in body["revoked"]


def test_subgraphs_refuse_user_tokens_sent_directly(api: Api, stack: Stack) -> None:
    """Subgraphs trust only the router's credential, so they never see a revoked token."""
    login = api.login(api.register())
    response = httpx.post(
        stack.subgraphs["users"].graphql_url,
        json={"query": ME},
        headers={"authorization": f"Bearer {login.token}"},
        timeout=30.0,
    )
    assert response.status_code == 401
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
