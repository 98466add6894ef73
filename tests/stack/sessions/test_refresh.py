"""Short-lived access tokens, renewed with a refresh token that rotates on every use."""

from __future__ import annotations

import time
from typing import Any

from tests.stack.sessions.conftest import (
    ACCESS_TTL,
    LOGOUT,
    ME,
    REFRESH,
    Api,
    eventually,
    refused,
)
from tests.stack.sessions.test_revocation import rejection


def refresh_error(api: Api, refresh_token: str) -> dict[str, Any]:
    response = api.post(REFRESH, {"r": refresh_token})
    body = response.json()
    assert response.status_code == 200 and body["data"] is None, body
    [error] = body["errors"]
    assert isinstance(error, dict)
    return error


def code(error: dict[str, Any]) -> str:
    return str(error["extensions"]["code"])


def test_access_tokens_are_short_lived_and_refresh_rotates(api: Api) -> None:
    login = api.login(api.register())
    renewed = api.data(REFRESH, {"r": login.refresh_token})["refreshSession"]
    assert renewed["refreshToken"] != login.refresh_token
    assert api.data(ME, token=renewed["token"])["me"]["id"] == login.user_id
    # The first access token expires on its own after ACCESS_TTL seconds.
    time.sleep(ACCESS_TTL + 1)
    message = refused(api.post(ME, token=login.token))
    assert "expired" in message, message
    again = api.data(REFRESH, {"r": renewed["refreshToken"]})["refreshSession"]
    assert api.data(ME, token=again["token"])["me"]["id"] == login.user_id


def test_reusing_a_rotated_refresh_token_revokes_the_session(api: Api) -> None:
    login = api.login(api.register())
    renewed = api.data(REFRESH, {"r": login.refresh_token})["refreshSession"]
    error = refresh_error(api, login.refresh_token)  # stolen copy replayed
    assert code(error) == "UNAUTHENTICATED"
    assert "already used" in str(error["message"])
    # The whole session ends: its current refresh token and its access tokens too.
    assert code(refresh_error(api, renewed["refreshToken"])) == "UNAUTHENTICATED"
    eventually(lambda: rejection(api, renewed["token"]), "the session's token is refused")


def test_a_logged_out_session_cannot_refresh(api: Api) -> None:
    login = api.login(api.register())
    api.data(LOGOUT, token=login.token)
    error = refresh_error(api, login.refresh_token)
    assert code(error) == "UNAUTHENTICATED"
    assert "ended" in str(error["message"])


def test_an_unknown_refresh_token_is_refused(api: Api) -> None:
    error = refresh_error(api, "not-a-refresh-token")
    assert code(error) == "UNAUTHENTICATED"
