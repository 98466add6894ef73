"""Subscriptions end to end: client ─SSE─► router ─graphql-transport-ws─► subgraphs, with
fields of other subgraphs resolved per event, visibility enforced, and resumption after a
subgraph restart."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.stack.faults.platform import FaultPlatform
from webapp.live.router_stream import StreamEnded, SubscriptionRequest, subscription_events

type Json = dict[str, Any]
PASSWORD = "correct horse battery"
REGISTER = "mutation($input: RegisterInput!) { register(input: $input) { id } }"
LOGIN = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }"
CREATE = "mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }"
UPDATE = "mutation($id: ID!, $t: String!) { updateEvent(id: $id, input: {title: $t}) { id } }"
INVITE = "mutation($e: ID!, $u: ID!) { invite(eventId: $e, inviteeId: $u) { id } }"
CANCEL = "mutation($id: ID!) { cancelInvitation(id: $id) }"
INVITATION_CHANGES = """
subscription($after: String) {
  invitationChanges(after: $after) {
    kind cursor invitationId
    invitation { status inviter { username } event { title } }
  }
}"""
EVENT_CHANGES = "subscription { eventChanges { kind cursor eventId event { title } } }"


class Person:
    def __init__(self, platform: FaultPlatform) -> None:
        self.username = f"live{uuid.uuid4().hex[:10]}"
        account = {
            "username": self.username,
            "email": f"{self.username}@example.org",
            "password": PASSWORD,
            "displayName": "Live Test",
        }
        self.id: str = platform.data(REGISTER, {"input": account})["register"]["id"]
        login = platform.data(LOGIN, {"u": self.username, "p": PASSWORD})
        self.token: str = login["login"]["token"]


def create_event(platform: FaultPlatform, owner: Person, title: str) -> str:
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    event = {
        "title": title,
        "startsAt": start.isoformat(),
        "endsAt": (start + timedelta(hours=1)).isoformat(),
    }
    event_id: str = platform.data(CREATE, {"input": event}, owner.token)["createEvent"]["id"]
    return event_id


class Follower:
    """One subscription through the router, read in the background."""

    def __init__(self, platform: FaultPlatform, person: Person, document: str, **variables: Any):
        self._http = httpx.AsyncClient(timeout=httpx.Timeout(10.0, read=None))
        self.opened = asyncio.Event()
        self.received: asyncio.Queue[Json | BaseException] = asyncio.Queue()
        request = SubscriptionRequest(
            document, variables, {"authorization": f"Bearer {person.token}"}
        )
        events = subscription_events(
            self._http,
            platform.stack.router_url,
            request,
            send_document_ids=False,
            on_open=self._opened,
        )
        self._task = asyncio.create_task(self._read(events))

    async def _opened(self) -> None:
        self.opened.set()

    async def _read(self, events: AsyncIterator[Json]) -> None:
        try:
            async for data in events:
                await self.received.put(data)
            await self.received.put(EOFError("the stream completed"))
        except Exception as error:
            await self.received.put(error)

    async def ready(self) -> Follower:
        await asyncio.wait_for(self.opened.wait(), 30)
        await asyncio.sleep(0.3)  # the subgraph has started its stream
        return self

    async def next(self, field: str, timeout: float = 15.0) -> Json:
        item = await asyncio.wait_for(self.received.get(), timeout)
        if isinstance(item, BaseException):
            raise item
        value: Json = item[field]
        return value

    async def nothing(self, wait: float = 1.5) -> None:
        await asyncio.sleep(wait)
        assert self.received.empty(), self.received.get_nowait()

    async def close(self) -> None:
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        await self._http.aclose()


@pytest.fixture
async def followers() -> AsyncIterator[list[Follower]]:
    opened: list[Follower] = []
    yield opened
    for follower in opened:
        await follower.close()


async def test_an_invitation_arrives_with_fields_from_other_subgraphs(
    platform: FaultPlatform, followers: list[Follower]
) -> None:
    owner, guest = Person(platform), Person(platform)
    sent_box = await Follower(platform, owner, INVITATION_CHANGES).ready()
    inbox = await Follower(platform, guest, INVITATION_CHANGES).ready()
    guest_events = await Follower(platform, guest, EVENT_CHANGES).ready()
    followers.extend([sent_box, inbox, guest_events])
    event_id = create_event(platform, owner, "Quarterly review")
    platform.data(INVITE, {"e": event_id, "u": guest.id}, owner.token)
    sent = await sent_box.next("invitationChanges")
    assert sent["kind"] == "SENT"
    assert sent["invitation"] == {
        "status": "PENDING",
        "inviter": {"username": owner.username},  # users subgraph
        "event": {"title": "Quarterly review"},  # events subgraph
    }
    received = await inbox.next("invitationChanges")
    assert received["kind"] == "SENT"
    assert received["invitation"]["inviter"] == {"username": owner.username}
    # The router's rules grant the invitee a view of the event right after the invitation
    # is stored: the event then enters their view, as an event change.
    granted = await guest_events.next("eventChanges")
    assert (granted["kind"], granted["eventId"]) == ("CHANGED", event_id)
    assert granted["event"] == {"title": "Quarterly review"}


async def test_event_changes_reach_guests_and_never_strangers(
    platform: FaultPlatform, followers: list[Follower]
) -> None:
    owner, guest, stranger = Person(platform), Person(platform), Person(platform)
    event_id = create_event(platform, owner, "Private dinner")
    platform.data(INVITE, {"e": event_id, "u": guest.id}, owner.token)
    seen = await Follower(platform, guest, EVENT_CHANGES).ready()
    unseen = await Follower(platform, stranger, EVENT_CHANGES).ready()
    followers.extend([seen, unseen])
    platform.data(UPDATE, {"id": event_id, "t": "Private dinner (8 pm)"}, owner.token)
    change = await seen.next("eventChanges")
    assert (change["kind"], change["eventId"]) == ("CHANGED", event_id)
    assert change["event"] == {"title": "Private dinner (8 pm)"}
    await unseen.nothing()


async def test_a_subscription_resumes_after_a_subgraph_restart(
    platform: FaultPlatform, followers: list[Follower]
) -> None:
    owner, guest = Person(platform), Person(platform)
    first_event = create_event(platform, owner, "Before the restart")
    inbox = await Follower(platform, guest, INVITATION_CHANGES).ready()
    followers.append(inbox)
    platform.data(INVITE, {"e": first_event, "u": guest.id}, owner.token)
    before = await inbox.next("invitationChanges")

    platform.kill_subgraph("invitations")
    with pytest.raises(StreamEnded):  # the router ends the stream with an error
        await inbox.next("invitationChanges", timeout=30)
    await asyncio.to_thread(platform.restart_subgraph, "invitations")
    second_event = create_event(platform, owner, "After the restart")
    invited = platform.data(INVITE, {"e": second_event, "u": guest.id}, owner.token)
    platform.data(CANCEL, {"id": invited["invite"]["id"]}, owner.token)

    resumed = await Follower(platform, guest, INVITATION_CHANGES, after=before["cursor"]).ready()
    followers.append(resumed)
    sent, cancelled = (
        await resumed.next("invitationChanges"),
        await resumed.next("invitationChanges"),
    )
    invitation_id = invited["invite"]["id"]
    assert (sent["kind"], sent["invitationId"]) == ("SENT", invitation_id)
    assert sent["invitation"] is None  # payloads carry the current state: cancelled since
    assert (cancelled["kind"], cancelled["invitationId"]) == ("CANCELLED", invitation_id)
    await resumed.nothing(1.0)  # nothing twice, nothing from before the cursor
