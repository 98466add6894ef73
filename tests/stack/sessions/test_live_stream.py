"""A page's live stream outlives access tokens: when the router ends a subscription at the
token's expiry, the web app renews the token and follows again."""

from __future__ import annotations

import time

from tests.stack.sessions.conftest import ACCESS_TTL, Api
from tests.stack.sessions.test_webapp import Browser, browser
from tests.support.sse import frames, next_frame

__all__ = ["browser"]

INVITE = "mutation($e: ID!, $u: ID!) { invite(eventId: $e, inviteeId: $u) { id } }"


def test_a_live_stream_outlives_access_tokens(api: Api, browser: Browser) -> None:
    guest_name = api.register("live")
    guest = api.login(guest_name)
    browser.log_in(guest_name)
    owner_name = api.register("own")
    with browser.http.stream("GET", "/live/stream?topics=invitations") as response:
        stream = frames(response.iter_lines())
        next_frame(stream, "ready")
        time.sleep(ACCESS_TTL + 2)  # the router ended the subscription as the token expired
        owner = api.login(owner_name)
        event_id = api.create_event(owner.token, "After expiry").json()["data"]["createEvent"]["id"]
        api.data(INVITE, {"e": event_id, "u": guest.user_id}, owner.token)
        next_frame(stream, "change", topic="invitations", kind="SENT")
