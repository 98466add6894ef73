"""Kill each subgraph in turn and ask the router every main query of the web app: each keeps
the other subgraphs' data. A root field the dead subgraph does not own keeps its value (the
failure costs only the fields that need it), every other difference is a null that a
SUBGRAPH_UNAVAILABLE error naming the dead subgraph explains, and no message names an
internal exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pytest

from tests.stack.faults.conftest import INVITE, World, new_event
from tests.stack.faults.degradation import unexplained_differences
from tests.stack.faults.platform import FaultPlatform, Json
from tests.webapp.stack import SUBGRAPHS
from webapp.accounts.operations import ME
from webapp.calendar.operations import MY_ANSWERS, MY_EVENTS, MY_PARTICIPATIONS
from webapp.events.operations import EVENT_PAGE, PUBLIC_EVENTS
from webapp.invitations.operations import INBOX
from webapp.sharing.operations import SHARED_CALENDAR, SHARES

JOIN = "mutation($e: ID!) { joinEvent(eventId: $e) { id } }"
WINDOW = {"from": "2027-02-01T00:00:00Z", "to": "2027-04-01T00:00:00Z"}

# The subgraph that resolves each root field of the operations below.
ROOT_OWNERS = {
    "me": "users",
    "user": "users",
    "myEvents": "events",
    "publicEvents": "events",
    "event": "events",
    "withParticipants": "events",
    "withInvitations": "events",
    "myParticipations": "participations",
    "accepted": "invitations",
    "tentative": "invitations",
    "myInvitations": "invitations",
    "sharesGiven": "calendars",
    "sharesReceived": "calendars",
    "calendarAccess": "calendars",
}


@dataclass(frozen=True)
class Page:
    name: str
    document: str
    variables: Mapping[str, Any]
    as_alice: bool = False


@pytest.fixture(scope="module")
def pages(platform: FaultPlatform, world: World) -> list[Page]:
    """The web app's main queries, over data that touches every subgraph."""
    public = new_event(platform, world.alice, "Open day", public=True)
    pending = new_event(platform, world.alice, "Still to answer", public=False)
    platform.data(INVITE, {"e": pending, "u": world.bob.id}, world.alice.token)
    platform.data(JOIN, {"e": public}, world.bob.token)
    return [
        Page("me", ME, {}),
        Page("my events", MY_EVENTS, WINDOW, as_alice=True),
        Page("my participations", MY_PARTICIPATIONS, {}),
        Page("my answers", MY_ANSWERS, {}),
        Page("inbox", INBOX, {}),
        Page("shares", SHARES, {}),
        Page("shared calendar", SHARED_CALENDAR, {"ownerId": world.alice.id, **WINDOW}),
        Page("public events", PUBLIC_EVENTS, {"search": "Open day"}),
        Page("event page", EVENT_PAGE, {"id": world.event_id}),
        Page("public event page", EVENT_PAGE, {"id": public}, as_alice=True),
    ]


def _problems(page: Page, full: Json, body: Json, dead: str) -> list[str]:
    """What is wrong with an answer given while ``dead`` is down (empty: nothing)."""
    data, errors = body.get("data"), body.get("errors") or []
    if data is None:
        return [f"{page.name}: no data at all: {body}"]
    problems = [
        f"{page.name}: error does not blame {dead} with SUBGRAPH_UNAVAILABLE: {error}"
        for error in errors
        if (error.get("extensions") or {}).get("code") != "SUBGRAPH_UNAVAILABLE"
        or (error.get("extensions") or {}).get("serviceName") != dead
        or not str(error.get("message", "")).startswith(f"The {dead} service did not answer")
    ]
    problems += [
        f"{page.name}: {root} does not need {dead} but is null"
        for root in full
        if ROOT_OWNERS[root] != dead and data.get(root) is None
    ]
    problems += [
        f"{page.name}: {problem}" for problem in unexplained_differences(full, data, errors)
    ]
    return problems


def _answers(platform: FaultPlatform, world: World, pages: list[Page]) -> dict[str, Json]:
    return {
        page.name: platform.graphql(
            page.document, page.variables, (world.alice if page.as_alice else world.bob).token
        )
        for page in pages
    }


@pytest.mark.parametrize("dead", SUBGRAPHS)
def test_each_webapp_query_keeps_the_other_subgraphs_data(
    platform: FaultPlatform, world: World, pages: list[Page], dead: str
) -> None:
    full = {name: body["data"] for name, body in _answers(platform, world, pages).items()}
    complete = {name: {"data": data} for name, data in full.items()}
    assert _answers(platform, world, pages) == complete
    assert all(value is not None for data in full.values() for value in data.values()), full
    platform.kill_subgraph(dead)
    try:
        answers = _answers(platform, world, pages)
    finally:
        platform.restart_subgraph(dead)

    problems = [
        problem
        for page in pages
        for problem in _problems(page, full[page.name], answers[page.name], dead)
    ]
    assert not problems, "\n".join(problems)
    degraded = [name for name, body in answers.items() if body != complete[name]]
    assert degraded, f"no query noticed that {dead} was down"
    print(f"\n{dead} down: {len(degraded)} of {len(pages)} web-app queries degraded, none wrong")
    assert _answers(platform, world, pages) == complete  # back in full, router untouched
