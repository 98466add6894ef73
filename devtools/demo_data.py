"""Demo data for an empty local database, created through the public GraphQL mutations.

Called by the stack runner once every service is healthy. Requests go to the router (the
real client path; subgraphs accept calls only through it), so nothing is seeded without the
router. Never runs with ``APP_ENV=production``. The passwords below are printed on purpose:
they are dev-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from devtools.console import Console
from devtools.stack import SUBGRAPHS, StackConfig

DEMO_USERS = (
    ("alice", "Alice Martin", "Europe/Paris"),
    ("bob", "Bob Nguyen", "America/New_York"),
    ("carol", "Carol Smith", "UTC"),
)


def demo_password(username: str) -> str:
    return f"{username}-dev-password"


class DemoDataError(RuntimeError):
    """A seeding request failed."""


@dataclass
class GraphQLClient:
    """Sends each operation to the router (``subgraph`` names the owner, for messages)."""

    config: StackConfig
    http: httpx.AsyncClient
    running: frozenset[str]

    async def execute(
        self,
        subgraph: str,
        query: str,
        variables: dict[str, Any] | None = None,
        token: str | None = None,
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await self.http.post(
            self.config.router_url,
            json={"query": query, "variables": variables or {}},
            headers=headers,
        )
        try:
            body: dict[str, Any] = response.json()
        except ValueError as error:
            raise DemoDataError(f"{subgraph}: HTTP {response.status_code}, not JSON") from error
        if body.get("errors"):
            messages = "; ".join(str(error.get("message")) for error in body["errors"])
            raise DemoDataError(f"{subgraph}: {messages}")
        data: dict[str, Any] = body["data"]
        return data


async def database_is_empty(config: StackConfig) -> bool:
    """True when no subgraph database holds a single document."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        config.mongodb_uri, serverSelectionTimeoutMS=3000
    )
    try:
        for name in SUBGRAPHS:
            database = client[name]
            for collection in await database.list_collection_names():
                if await database[collection].find_one({}, {"_id": 1}) is not None:
                    return False
        return True
    finally:
        await client.close()


async def seed_if_empty(config: StackConfig, console: Console, running: frozenset[str]) -> None:
    """Seed demo data when the database is empty; report (never raise) on failure.

    ``running`` names the services that are up.
    """
    if config.app_env == "production":
        console.info("Demo data: never in production (APP_ENV=production).")
        return
    if not {"router", "users", "events"} <= running:
        console.info(
            "Demo data: skipped (the router and the users and events subgraphs are needed)."
        )
        return
    try:
        if not await database_is_empty(config):
            console.info("Demo data: database not empty, nothing seeded.")
            return
        console.info("Demo data: empty database, seeding through GraphQL mutations...")
        async with httpx.AsyncClient(timeout=30.0) as http:
            client = GraphQLClient(config, http, running)
            lines = await seed(client)
    except (DemoDataError, httpx.HTTPError, OSError) as error:
        console.warn(f"Demo data: seeding failed: {error}")
        return
    for line in lines:
        console.info(line)


async def seed(client: GraphQLClient) -> list[str]:
    """Create users, events, an invitation and a share; return a report for the banner."""
    tokens: dict[str, str] = {}
    ids: dict[str, str] = {}
    for username, display_name, time_zone in DEMO_USERS:
        registered = await client.execute(
            "users",
            "mutation($input: RegisterInput!) { register(input: $input) { id } }",
            {
                "input": {
                    "username": username,
                    "email": f"{username}@example.test",
                    "password": demo_password(username),
                    "displayName": display_name,
                    "timeZone": time_zone,
                }
            },
        )
        ids[username] = registered["register"]["id"]
        login = await client.execute(
            "users",
            "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }",
            {"u": username, "p": demo_password(username)},
        )
        tokens[username] = login["login"]["token"]

    events = await create_events(client, tokens)
    report = [
        "Demo data created (DEV-ONLY accounts; log in with these):",
        *(f"    {name:<8} password: {demo_password(name)}" for name, _, _ in DEMO_USERS),
        f"    {len(events)} events (public and private) owned by alice and bob",
    ]
    report += await invite(client, tokens, ids, events["alice-private"])
    report += await join(client, tokens, events["bob-public"])
    report += await share(client, tokens, ids)
    return report


async def create_events(client: GraphQLClient, tokens: dict[str, str]) -> dict[str, str]:
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    plan = (
        ("alice-public", "alice", "Open-source calendar meetup", True, 2),
        ("alice-private", "alice", "Dentist", False, 1),
        ("bob-public", "bob", "Team lunch", True, 25),
        ("bob-private", "bob", "1:1 with Carol", False, 49),
    )
    created: dict[str, str] = {}
    for key, owner, title, is_public, hours_from_now in plan:
        starts_at = start + timedelta(hours=hours_from_now)
        data = await client.execute(
            "events",
            "mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }",
            {
                "input": {
                    "title": title,
                    "description": f"Demo event ({'public' if is_public else 'private'}).",
                    "isPublic": is_public,
                    "startsAt": starts_at.isoformat(),
                    "endsAt": (starts_at + timedelta(hours=1)).isoformat(),
                    "timeZone": "UTC",
                }
            },
            tokens[owner],
        )
        created[key] = data["createEvent"]["id"]
    return created


async def invite(
    client: GraphQLClient, tokens: dict[str, str], ids: dict[str, str], event_id: str
) -> list[str]:
    """alice invites bob to her private event."""
    if "invitations" not in client.running:
        return ["    invitation: skipped (no invitations subgraph yet)"]
    await client.execute(
        "invitations",
        "mutation($event: ID!, $invitee: ID!) { invite(eventId: $event, inviteeId: $invitee) "
        "{ id } }",
        {"event": event_id, "invitee": ids["bob"]},
        tokens["alice"],
    )
    return ["    1 invitation: alice invited bob to her private event"]


async def join(client: GraphQLClient, tokens: dict[str, str], event_id: str) -> list[str]:
    """carol joins bob's public event."""
    if "participations" not in client.running:
        return ["    participation: skipped (no participations subgraph yet)"]
    await client.execute(
        "participations",
        "mutation($event: ID!) { joinEvent(eventId: $event) { id } }",
        {"event": event_id},
        tokens["carol"],
    )
    return ["    1 participation: carol joined bob's public event"]


async def share(client: GraphQLClient, tokens: dict[str, str], ids: dict[str, str]) -> list[str]:
    """alice shares her calendar's details with carol."""
    if "calendars" not in client.running:
        return ["    calendar share: skipped (no calendars subgraph yet)"]
    await client.execute(
        "calendars",
        "mutation($grantee: ID!) { shareCalendar(granteeId: $grantee, level: DETAILS) { id } }",
        {"grantee": ids["carol"]},
        tokens["alice"],
    )
    return ["    1 calendar share: alice shares DETAILS with carol"]
