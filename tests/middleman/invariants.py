"""The middleman's invariants (``middleman/README.md``), checked directly in the five
subgraph databases and the router's own, with PyMongo on the test's mongoeco server."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pymongo import AsyncMongoClient

type Pair = tuple[str, str]


@dataclass
class Snapshot:
    users: set[str] = field(default_factory=set)
    events: dict[str, str] = field(default_factory=dict)  # event -> owner
    invitations: dict[Pair, dict[str, Any]] = field(default_factory=dict)  # (event, invitee)
    participations: set[Pair] = field(default_factory=set)
    grants: dict[Pair, set[str]] = field(default_factory=dict)  # (event, user) -> reasons
    shares: dict[Pair, str] = field(default_factory=dict)  # (owner, grantee) -> level
    mirrored: dict[Pair, str] = field(default_factory=dict)  # events' copy of the shares
    pending_intents: int = 0


async def snapshot(mongo_uri: str) -> Snapshot:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_uri)
    try:
        state = Snapshot()
        state.users = {str(u["_id"]) async for u in client["users"]["users"].find({}, {"_id": 1})}
        async for event in client["events"]["events"].find({}, {"ownerId": 1}):
            state.events[str(event["_id"])] = str(event["ownerId"])
        async for invitation in client["invitations"]["invitations"].find():
            key = (str(invitation["eventId"]), str(invitation["inviteeId"]))
            state.invitations[key] = invitation
        async for participation in client["participations"]["participations"].find():
            state.participations.add((str(participation["eventId"]), str(participation["userId"])))
        async for grant in client["events"]["event_grants"].find():
            state.grants[(grant["eventId"], grant["userId"])] = set(grant.get("reasons", []))
        async for share in client["calendars"]["calendarShares"].find():
            state.shares[(str(share["ownerId"]), str(share["granteeId"]))] = share["level"]
        async for mirror in client["events"]["calendar_grants"].find():
            state.mirrored[(mirror["ownerId"], mirror["granteeId"])] = mirror["level"]
        state.pending_intents = await client["router"]["intents"].count_documents(
            {"status": "pending"}
        )
        return state
    finally:
        await client.close()


def scoped(state: Snapshot, people: set[str]) -> Snapshot:
    """Only what concerns ``people`` (their events, pairs and shares), for tests that share a
    stack with others; ``users`` stays whole (it says who exists)."""
    events = {event: owner for event, owner in state.events.items() if owner in people}

    def mine(pair: Pair) -> bool:
        return pair[0] in events or pair[1] in people

    return Snapshot(
        users=state.users,
        events=events,
        invitations={pair: inv for pair, inv in state.invitations.items() if mine(pair)},
        participations={pair for pair in state.participations if mine(pair)},
        grants={pair: reasons for pair, reasons in state.grants.items() if mine(pair)},
        shares={pair: lvl for pair, lvl in state.shares.items() if people & set(pair)},
        mirrored={pair: lvl for pair, lvl in state.mirrored.items() if people & set(pair)},
        pending_intents=state.pending_intents,
    )


def violations(state: Snapshot) -> list[str]:
    """Every broken invariant, one line each (empty: all hold)."""
    found: list[str] = []
    for event, owner in state.events.items():
        if owner not in state.users:
            found.append(f"event {event} of deleted owner {owner}")
    for (event, invitee), invitation in state.invitations.items():
        if event not in state.events:
            found.append(f"invitation to deleted event {event}")
        if invitee not in state.users or str(invitation["inviterId"]) not in state.users:
            found.append(f"invitation {invitation['_id']} of a deleted user")
        accepted = invitation["status"] == "ACCEPTED"
        if accepted != ((event, invitee) in state.participations):
            found.append(f"invitation {invitation['_id']} {invitation['status']} vs participation")
    for event, user in state.participations:
        if event not in state.events or user not in state.users:
            found.append(f"participation ({event}, {user}) of a deleted event or user")
    pairs = set(state.grants) | set(state.invitations) | state.participations
    for pair in pairs:
        reasons = state.grants.get(pair, set())
        expected = set()
        if pair in state.invitations:
            expected.add("INVITATION")
        if pair in state.participations:
            expected.add("PARTICIPATION")
        if pair[0] not in state.events or pair[1] not in state.users:
            expected = set()
        if reasons != expected:
            found.append(f"grant {pair}: {sorted(reasons)} but implied {sorted(expected)}")
    for owner, grantee in state.shares:
        if owner not in state.users or grantee not in state.users:
            found.append(f"share ({owner}, {grantee}) of a deleted user")
    if state.mirrored != state.shares:
        found.append(f"calendar grants differ from shares: {len(state.mirrored)} vs shares")
    if state.pending_intents:
        found.append(f"{state.pending_intents} intents still pending")
    return found
