"""Crash the database server (SIGKILL) while a client keeps creating events through the router,
then start it again on the same port and SQLite file.

No acknowledged write is lost; while the database is down every failure is a clear
SUBGRAPH_UNAVAILABLE error (never an internal error); writes succeed again once it is back,
without restarting a subgraph or the router.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

import httpx
import pymongo
from bson import ObjectId

from tests.stack.faults.conftest import CREATE_EVENT, World
from tests.stack.faults.platform import FaultPlatform, Loop, Recorded

TITLE = "durable write"
READ = "{ me { id } myEvents(first: 1) { nodes { id } } }"


def _acknowledged(record: Recorded) -> str | None:
    """The id of the event this answer acknowledges, if it does."""
    data = record.body.get("data") or {}
    created = data.get("createEvent") or {}
    return None if record.body.get("errors") else created.get("id")


def _stored_ids(mongo_uri: str) -> set[str]:
    client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(mongo_uri)
    try:
        events = client["events"]["events"].find({"title": TITLE}, {"_id": 1})
        return {str(document["_id"]) for document in events}
    finally:
        client.close()


def _unclear(errors: list[Any]) -> list[Any]:
    """Errors that are not a stable 'unavailable, try again' for the events subgraph."""
    return [
        error
        for error in errors
        if (error.get("extensions") or {}).get("code") != "SUBGRAPH_UNAVAILABLE"
        or "Traceback" in str(error)
    ]


def test_database_restart_loses_no_acknowledged_write(
    platform: FaultPlatform, world: World
) -> None:
    counter = itertools.count()

    def create(client: httpx.Client) -> httpx.Response:
        event = {
            "title": TITLE,
            "description": f"write {next(counter)}",
            "startsAt": "2027-04-01T09:00:00Z",
            "endsAt": "2027-04-01T10:00:00Z",
            "isPublic": False,
        }
        return client.post(
            platform.stack.router_url,
            json={"query": CREATE_EVENT, "variables": {"input": event}},
            headers={"authorization": f"Bearer {world.alice.token}"},
        )

    def acks_after(instant: float, count: int) -> Any:
        return lambda records: (
            sum(bool(_acknowledged(r)) for r in records if r.ended > instant) >= count
        )

    with Loop(create, pause=0.02) as loop:
        loop.wait_for(acks_after(0.0, 20), "writes before the crash")
        platform.kill_database()
        killed_at = time.monotonic()
        loop.wait_for(
            lambda records: sum(not _acknowledged(r) for r in records if r.ended > killed_at) >= 3,
            "failed writes while the database is down",
        )
        read_while_down = platform.graphql(READ, token=world.alice.token)
        platform.restart_database()
        restarted_at = time.monotonic()
        loop.wait_for(acks_after(restarted_at, 1), "a write once the database is back", 180)
        recovered_at = time.monotonic()
        loop.wait_for(acks_after(restarted_at, 10), "writes once the database is back", 180)
    platform.wait_all_healthy()

    acknowledged = {ack for record in loop.records if (ack := _acknowledged(record))}
    failed = [record for record in loop.records if not _acknowledged(record)]
    stored = _stored_ids(platform.stack.mongo_uri)
    assert acknowledged - stored == set(), "acknowledged writes were lost"
    assert all(ObjectId.is_valid(ack) for ack in acknowledged)
    print(
        f"\nwrites: {len(loop.records)} sent, {len(acknowledged)} acknowledged, "
        f"{len(failed)} refused, {len(stored)} stored, lost 0, "
        f"stored but not acknowledged {len(stored - acknowledged)}; database down "
        f"{restarted_at - killed_at:.1f} s, first write {recovered_at - restarted_at:.1f} s "
        "after its restart"
    )

    assert failed, "no write noticed that the database was down"
    assert all(record.status == 200 for record in failed), [r.status for r in failed]
    unclear = [error for record in failed for error in _unclear(record.body.get("errors") or [])]
    assert not unclear, unclear
    assert all(
        (error.get("extensions") or {}).get("serviceName") == "events"
        for record in failed
        for error in record.body["errors"]
    )
    down_errors = read_while_down.get("errors") or []
    assert down_errors, read_while_down
    assert not _unclear(down_errors), down_errors
