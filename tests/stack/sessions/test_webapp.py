"""The web app: a browser session outlives access tokens, logout revokes, and the feed
reads with its own key."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pymongo
import pytest
from bson import ObjectId

from tests.stack.sessions.conftest import ACCESS_TTL, Api, eventually
from tests.support.accounts import PASSWORD
from tests.support.web_client import WebClient
from tests.webapp.stack import Stack


class Browser(WebClient):
    """A signed-in browser session, and the pages these tests read."""

    def logged_in(self) -> bool:
        response = self.http.get("/agenda/")
        return response.status_code == 200 and "accounts/logout" in response.text

    def feed_url(self) -> str:
        match = re.search(r'id="feed-url">([^<]+)<', self.http.get("/feeds/").text)
        assert match, "no feed URL on the feed page"
        return match.group(1).strip()


@pytest.fixture
def browser(stack: Stack) -> Iterator[Browser]:
    client = Browser(stack.webapp_url)
    yield client
    client.close()


def sessions_of(stack: Stack, user_id: str) -> list[dict[str, Any]]:
    client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(stack.mongo_uri)
    try:
        return list(client["users"]["sessions"].find({"userId": ObjectId(user_id)}))
    finally:
        client.close()


def test_the_browser_session_outlives_access_tokens(api: Api, browser: Browser) -> None:
    browser.log_in(api.register("web"))
    assert browser.logged_in()
    time.sleep(ACCESS_TTL + 1)  # the access token from the login has expired
    assert browser.logged_in()
    time.sleep(ACCESS_TTL + 1)  # ... and so has the one the web app renewed it with
    assert browser.logged_in()


def test_logging_out_of_the_web_app_revokes_its_session(
    api: Api, browser: Browser, stack: Stack
) -> None:
    username = api.register("web")
    user_id = api.login(username).user_id
    browser.log_in(username)
    response = browser.submit("/agenda/", "/accounts/logout/")
    assert response.status_code == 302
    assert not browser.logged_in()
    sessions = sessions_of(stack, user_id)
    assert len(sessions) == 2  # the API login above, and the web app's
    assert sum(1 for session in sessions if session.get("revokedAt")) == 1


def feed(url: str) -> httpx.Response:
    return httpx.get(url, timeout=60.0)


def test_the_feed_reads_with_its_own_key_after_logout(api: Api, browser: Browser) -> None:
    username = api.register("feed")
    browser.log_in(username)
    assert browser.submit("/feeds/", "/feeds/regenerate/").status_code == 302
    url = browser.feed_url()
    browser.submit("/feeds/", "/accounts/logout/")
    assert not browser.logged_in()

    token = api.login(username).token
    assert api.create_event(token, "Added after logout").json()["data"]["createEvent"]
    time.sleep(ACCESS_TTL + 1)  # every access token of the browser session has expired
    response = feed(url)
    assert response.status_code == 200, response.text
    assert response.headers["X-Feed-Freshness"] == "live"
    assert "Added after logout" in response.text

    browser.log_in(username)
    assert browser.submit("/feeds/", "/feeds/regenerate/").status_code == 302
    new_url = browser.feed_url()
    assert new_url != url
    assert feed(url).status_code == 404
    renewed = feed(new_url)
    assert renewed.status_code == 200 and renewed.headers["X-Feed-Freshness"] == "live"


def test_logging_out_everywhere_turns_the_feed_off(api: Api, browser: Browser) -> None:
    username = api.register("feed")
    browser.log_in(username)
    browser.submit("/feeds/", "/feeds/regenerate/")
    url = browser.feed_url()
    assert feed(url).headers["X-Feed-Freshness"] == "live"
    response = browser.submit("/accounts/profile/", "/accounts/logout-everywhere/")
    assert response.status_code == 302
    assert not browser.logged_in()
    eventually(lambda: True if feed(url).status_code == 410 else None, "the feed is off")


def test_deleting_the_account_from_the_web_app(api: Api, browser: Browser, stack: Stack) -> None:
    username = api.register("gone")
    user_id = api.login(username).user_id
    browser.log_in(username)
    assert "/accounts/delete/" in browser.http.get("/accounts/profile/").text
    wrong = browser.submit(
        "/accounts/delete/", "/accounts/delete/", {"password": "not it", "confirm": "on"}
    )
    assert wrong.status_code == 400 and "password is not correct" in wrong.text
    unconfirmed = browser.submit("/accounts/delete/", "/accounts/delete/", {"password": PASSWORD})
    assert unconfirmed.status_code == 400
    assert browser.logged_in()
    done = browser.submit(
        "/accounts/delete/", "/accounts/delete/", {"password": PASSWORD, "confirm": "on"}
    )
    assert done.status_code == 302 and done.headers["location"].endswith("/accounts/login/")
    assert not browser.logged_in()
    assert all(session["revokedAt"] is not None for session in sessions_of(stack, user_id))
    refused = api.post(LOGIN_AGAIN, {"u": username, "p": PASSWORD}).json()
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


LOGIN_AGAIN = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }"
