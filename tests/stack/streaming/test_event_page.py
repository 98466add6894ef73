"""The event page uses @defer: it shows the event while the router still fetches the guest
lists, and fills them in, in the same page, once they are in.

The router reaches every subgraph through a proxy that can hold the guest-list fetches until
the test lets them through, so "the event came first" is a fact about order, not timing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.support.accounts import LOGIN, REGISTER, credentials, registration, unique_username
from tests.support.counting_proxy import CountingProxy
from tests.support.web_client import WebClient
from tests.webapp.stack import SUBGRAPHS, Stack, start_stack

CREATE_EVENT = "mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }"
INVITE = "mutation($e: ID!, $u: ID!) { invite(eventId: $e, inviteeId: $u) { id } }"
TITLE = "Streamed planning meeting"


@dataclass(frozen=True)
class World:
    stack: Stack
    proxy: CountingProxy
    owner: str  # username
    event_id: str
    guest_name: str


def _api(stack: Stack, query: str, variables: dict[str, Any], token: str = "") -> dict[str, Any]:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    request = {"query": query, "variables": variables}
    body = httpx.post(stack.router_url, json=request, headers=headers, timeout=30).json()
    assert not body.get("errors"), body
    return dict(body["data"])


def _account(stack: Stack, display_name: str) -> tuple[str, str, str]:
    """A new account: its id, username and token."""
    username = unique_username("stream")
    user_id = _api(stack, REGISTER, registration(username, display_name))["register"]["id"]
    token = _api(stack, LOGIN, credentials(username))["login"]["token"]
    return user_id, username, token


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    proxy = CountingProxy().start()
    stack = start_stack(
        tmp_path_factory.mktemp("streaming"),
        router_subgraph_urls={name: proxy.url(name) for name in SUBGRAPHS},
    )
    proxy.targets = {name: running.graphql_url for name, running in stack.subgraphs.items()}
    try:
        _, owner, token = _account(stack, "Olga Owner")
        guest_id, _, _ = _account(stack, "Gustav Guest")
        event = {
            "title": TITLE,
            "startsAt": "2027-05-03T09:30:00Z",
            "endsAt": "2027-05-03T11:00:00Z",
        }
        event_id = _api(stack, CREATE_EVENT, {"input": event}, token)["createEvent"]["id"]
        _api(stack, INVITE, {"e": event_id, "u": guest_id}, token)
        yield World(stack, proxy, owner, event_id, "Gustav Guest")
    finally:
        proxy.release()
        stack.stop()
        proxy.stop()


@pytest.fixture
def owner_browser(world: World) -> Iterator[WebClient]:
    client = WebClient(world.stack.webapp_url)
    client.log_in(world.owner)
    yield client
    client.close()


def _is_guest_list_fetch(_subgraph: str, body: bytes) -> bool:
    return b"participants(" in body or b"invitations(" in body


def test_the_event_is_sent_before_its_guest_lists(world: World, owner_browser: WebClient) -> None:
    world.proxy.hold_while(_is_guest_list_fetch)
    try:
        with owner_browser.http.stream("GET", f"/events/{world.event_id}/") as response:
            assert response.status_code == 200
            received = b""
            chunks = response.iter_bytes()
            while b'id="event-title"' not in received:
                received += next(chunks)  # a page that waited for the guests would time out
            assert TITLE.encode() in received
            assert b'id="participants"' not in received and b"Gustav Guest" not in received
            world.proxy.release()
            received += b"".join(chunks)
    finally:
        world.proxy.release()
    page = received.decode()
    assert page.rstrip().endswith("</html>")
    assert 'id="participants"' in page and 'id="participant-list"' in page
    assert world.guest_name in page  # the invitation came with the deferred part
    assert "could not be loaded" not in page


def _unmasked(html: str) -> str:
    """Without the CSRF tokens' values (masked anew on every render)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', html)


def test_the_streamed_page_equals_the_page_read_at_once(
    world: World, owner_browser: WebClient
) -> None:
    """Same guest list as the fragment endpoint renders (which asks without @defer)."""
    page = _unmasked(owner_browser.http.get(f"/events/{world.event_id}/").text)
    guests = _unmasked(owner_browser.http.get(f"/events/{world.event_id}/participants/").text)
    assert world.guest_name in guests
    for line in (part.strip() for part in guests.splitlines()):
        if line:
            assert line in page, line


def test_guest_lists_that_fail_are_said_so_and_the_page_ends(
    world: World, owner_browser: WebClient
) -> None:
    world.stack.subgraphs["participations"].process.stop()  # the module's last test
    page = owner_browser.http.get(f"/events/{world.event_id}/").text
    assert TITLE in page and page.rstrip().endswith("</html>")
    assert "The guest list could not be loaded right now." in page
