"""Crash each subgraph in turn while a client keeps asking the router for a query that touches
all five; then start it again on the same port, without touching the router.

While it is down every answer keeps the other subgraphs' fields and explains each missing one
with a SUBGRAPH_UNAVAILABLE error that names the dead subgraph; once it is back, full answers.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from tests.stack.faults.conftest import World
from tests.stack.faults.degradation import unexplained_differences
from tests.stack.faults.platform import FaultPlatform, Json, Loop, Recorded
from tests.webapp.stack import SUBGRAPHS

EVERYTHING = """
query Everything($alice: ID!, $event: ID!, $invitation: ID!) {
  owner: user(id: $alice) { id username displayName }
  event(id: $event) { id title isPublic startsAt }
  invitation(id: $invitation) { id status }
  attendance: event(id: $event) { id myParticipation { id joinedAt } }
  calendarAccess(ownerId: $alice)
  me {
    id
    displayName
    invitations(status: ACCEPTED) { nodes { id status event { title } inviter { displayName } } }
    participations { nodes { id event { title } } }
    sharedWithMe { nodes { level owner { displayName } } }
  }
}
"""

# The subgraphs each root field of EVERYTHING needs; the others must answer it in full.
NEEDS = {
    "owner": {"users"},
    "event": {"events"},
    "invitation": {"invitations"},
    "attendance": {"events", "participations"},
    "calendarAccess": {"calendars"},
    "me": set(SUBGRAPHS),
}


def _variables(world: World) -> dict[str, str]:
    return {"alice": world.alice.id, "event": world.event_id, "invitation": world.invitation_id}


def _names(error: Any, service: str) -> bool:
    extensions = error.get("extensions") or {}
    return extensions.get("serviceName") == service or f"'{service}'" in error.get("message", "")


def _outage_problems(full: Json, record: Recorded, dead: str) -> list[str]:
    """What is wrong with an answer given while ``dead`` is down (empty: nothing)."""
    if record.status != 200:
        return [f"HTTP {record.status}: {record.body}"]
    body, errors = record.body, record.body.get("errors") or []
    if body == {"data": full}:
        return []
    problems = [
        f"error does not blame {dead} with SUBGRAPH_UNAVAILABLE: {error}"
        for error in errors
        if (error.get("extensions") or {}).get("code") != "SUBGRAPH_UNAVAILABLE"
        or not _names(error, dead)
    ]
    data = body.get("data") or {}
    problems += [
        f"{root} does not need {dead} but changed: {data.get(root)!r}"
        for root, needs in NEEDS.items()
        if dead not in needs and data.get(root) != full[root]
    ]
    return problems + unexplained_differences(full, body.get("data"), errors)


@pytest.mark.parametrize("dead", SUBGRAPHS)
def test_crashed_subgraph_costs_only_its_fields(
    platform: FaultPlatform, world: World, dead: str
) -> None:
    variables = _variables(world)
    full = platform.data(EVERYTHING, variables, world.bob.token)
    assert all(full[root] is not None for root in NEEDS), full

    def ask(client: httpx.Client) -> httpx.Response:
        return client.post(
            platform.stack.router_url,
            json={"query": EVERYTHING, "variables": variables},
            headers={"authorization": f"Bearer {world.bob.token}"},
        )

    def is_full(record: Recorded) -> bool:
        return record.body == {"data": full}

    with Loop(ask) as loop:
        loop.wait_for(lambda records: any(map(is_full, records)), "a full answer before")
        platform.kill_subgraph(dead)
        killed_at = time.monotonic()
        loop.wait_for(
            lambda records: sum(not is_full(r) for r in records if r.ended > killed_at) >= 3,
            f"answers while {dead} is down",
        )
        platform.restart_subgraph(dead)
        restarted_at = time.monotonic()
        loop.wait_for(
            lambda records: any(is_full(r) for r in records if r.ended > restarted_at),
            f"a full answer once {dead} is back",
        )

    degraded = [record for record in loop.records if not is_full(record)]
    assert degraded, f"no answer noticed that {dead} was down"
    problems = [problem for record in degraded for problem in _outage_problems(full, record, dead)]
    assert not problems, "\n".join(dict.fromkeys(problems))
    print(f"\n{dead}: {len(loop.records)} answers, {len(degraded)} degraded while it was down")
    assert platform.data(EVERYTHING, variables, world.bob.token) == full
