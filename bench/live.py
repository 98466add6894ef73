"""`python -m bench.live`: how long until a subscriber hears of someone else's write.

The whole platform runs as real processes (mongoeco, five subgraphs, the router; no web app).
A guest follows `invitationChanges` and `eventChanges` through the router over GraphQL over
SSE; an owner invites them to a new event, then renames it, `BENCH_LIVE_ROUNDS` times (default
30). Reported: seconds from sending each mutation to the event's arrival at the subscriber
(the mutation's own round trip included), with the subgraphs polling their change feed every
0.25 s (the default; local writes wake the tail at once).
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from bench.paths import REPO_ROOT
from tests.webapp.stack import Stack, start_stack
from webapp.live.router_stream import SubscriptionRequest, subscription_events

RESULT = REPO_ROOT / "bench" / "results" / "live.json"
PASSWORD = "correct horse battery"
REGISTER = "mutation($input: RegisterInput!) { register(input: $input) { id } }"
LOGIN = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }"
CREATE = "mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }"
INVITE = "mutation($e: ID!, $u: ID!) { invite(eventId: $e, inviteeId: $u) { id } }"
RENAME = "mutation($id: ID!, $t: String!) { updateEvent(id: $id, input: {title: $t}) { id } }"
INVITATIONS = "subscription { invitationChanges { kind invitation { event { title } } } }"
EVENTS = "subscription { eventChanges { kind eventId event { title } } }"


async def _graphql(
    http: httpx.AsyncClient, url: str, query: str, variables: Any, token: str = ""
) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    body = (
        await http.post(url, json={"query": query, "variables": variables}, headers=headers)
    ).json()
    assert not body.get("errors"), body
    return body["data"]


async def _person(http: httpx.AsyncClient, url: str) -> tuple[str, str]:
    name = f"bench{uuid.uuid4().hex[:10]}"
    account = {"username": name, "email": f"{name}@example.org", "password": PASSWORD}
    user = await _graphql(http, url, REGISTER, {"input": {**account, "displayName": "Bench"}})
    login = await _graphql(http, url, LOGIN, {"u": name, "p": PASSWORD})
    return user["register"]["id"], login["login"]["token"]


async def _follow(
    url: str, token: str, document: str, arrivals: asyncio.Queue[float], opened: asyncio.Event
) -> None:
    async def on_open() -> None:
        opened.set()

    async with httpx.AsyncClient(timeout=httpx.Timeout(10.0, read=None)) as http:
        request = SubscriptionRequest(document, {}, {"authorization": f"Bearer {token}"})
        events: AsyncIterator[Any] = subscription_events(
            http, url, request, send_document_ids=False, on_open=on_open
        )
        async for _ in events:
            await arrivals.put(time.monotonic())


async def _measure(stack: Stack, rounds: int) -> dict[str, list[float]]:
    url = stack.router_url
    async with httpx.AsyncClient(timeout=30) as http:
        (_, owner), (guest_id, guest) = await _person(http, url), await _person(http, url)
        invitations: asyncio.Queue[float] = asyncio.Queue()
        events: asyncio.Queue[float] = asyncio.Queue()
        opened = [asyncio.Event(), asyncio.Event()]
        followers = [
            asyncio.create_task(_follow(url, guest, INVITATIONS, invitations, opened[0])),
            asyncio.create_task(_follow(url, guest, EVENTS, events, opened[1])),
        ]
        await asyncio.gather(*(event.wait() for event in opened))
        await asyncio.sleep(1.0)
        figures: dict[str, list[float]] = {"invite": [], "rename": []}
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
        times = {"startsAt": start.isoformat(), "endsAt": (start + timedelta(hours=1)).isoformat()}
        for round_ in range(rounds):
            created = await _graphql(
                http, url, CREATE, {"input": {"title": f"r{round_}", **times}}, owner
            )
            event_id = created["createEvent"]["id"]
            sent = time.monotonic()
            await _graphql(http, url, INVITE, {"e": event_id, "u": guest_id}, owner)
            figures["invite"].append(await asyncio.wait_for(invitations.get(), 30) - sent)
            await asyncio.wait_for(events.get(), 30)  # the grant that came with the invitation
            sent = time.monotonic()
            await _graphql(http, url, RENAME, {"id": event_id, "t": f"r{round_}b"}, owner)
            figures["rename"].append(await asyncio.wait_for(events.get(), 30) - sent)
        for task in followers:
            task.cancel()
        await asyncio.gather(*followers, return_exceptions=True)
        return figures


def _summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "count": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def main() -> int:
    rounds = int(os.environ.get("BENCH_LIVE_ROUNDS", "30"))
    with tempfile.TemporaryDirectory(prefix="bench-live-") as data_dir:
        stack = start_stack(Path(data_dir), with_webapp=False)
        try:
            figures = asyncio.run(_measure(stack, rounds))
        finally:
            stack.stop()
    report = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average": os.getloadavg()[0],
        **{name: _summary(samples) for name, samples in figures.items()},
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
