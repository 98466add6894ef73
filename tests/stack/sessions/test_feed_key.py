"""A feed key is exchanged for read-only tokens; a new key revokes the old one."""

from __future__ import annotations

from tests.stack.sessions.conftest import LOGOUT, ME, Api, eventually
from tests.stack.sessions.test_revocation import rejection

CREATE_FEED_KEY = "mutation { createFeedKey { key } }"
FEED_ACCESS = "mutation($key: String!) { feedAccess(key: $key) { token } }"


def feed_token(api: Api, key: str) -> str:
    return str(api.data(FEED_ACCESS, {"key": key})["feedAccess"]["token"])


def test_a_feed_token_reads_but_never_writes(api: Api) -> None:
    login = api.login(api.register("key"))
    key = api.data(CREATE_FEED_KEY, token=login.token)["createFeedKey"]["key"]
    token = feed_token(api, key)
    assert api.data(ME, token=token)["me"]["id"] == login.user_id
    for response in (api.create_event(token, "written by a feed"), api.post(LOGOUT, token=token)):
        body = response.json()
        assert body["data"] is None, body
        assert {error["extensions"]["code"] for error in body["errors"]} == {"FORBIDDEN"}


def test_a_new_feed_key_revokes_the_previous_one(api: Api) -> None:
    login = api.login(api.register("key"))
    old_key = api.data(CREATE_FEED_KEY, token=login.token)["createFeedKey"]["key"]
    old_token = feed_token(api, old_key)
    api.data(CREATE_FEED_KEY, token=login.token)
    response = api.post(FEED_ACCESS, {"key": old_key}).json()
    assert response["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    eventually(lambda: rejection(api, old_token), "the old feed key's token is refused")
