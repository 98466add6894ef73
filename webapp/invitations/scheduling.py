"""Scheduling help on the invitation pages: who is free for an event's slot, which pending
invitations overlap the viewer's calendar, and "find a time"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

from webapp.core.backend import run
from webapp.core.dates import parse_iso
from webapp.core.entities import Invitation, Person, nodes
from webapp.core.session import request_viewer
from webapp.invitations import operations
from webapp.invitations.availability import busy_periods
from webapp.invitations.slots import Period, find_slots

HORIZON = timedelta(days=14)  # "find a time" looks this far ahead
MAX_RANGE = timedelta(days=62)  # freeBusy's longest range


def conflicts(request: HttpRequest, invitations: Sequence[Invitation]) -> dict[str, list[Period]]:
    """For each pending invitation, the viewer's busy periods its event overlaps."""
    events = [(i.id, i.event) for i in invitations if i.event is not None]
    if not events:
        return {}
    start = min(event.starts_at for _, event in events)
    end = min(max(event.ends_at for _, event in events), start + MAX_RANGE)
    end = max(end, start + timedelta(minutes=1))
    viewer = request_viewer(request).id
    mine = busy_periods(request, [viewer], start, end).get(viewer) or []
    found = {}
    for invitation_id, event in events:
        overlapping = [p for p in mine if p.overlaps(event.starts_at, event.ends_at)]
        if overlapping:
            found[invitation_id] = overlapping
    return found


@dataclass(frozen=True)
class Proposal:
    slots: list[Period]
    not_shared: list[Person]  # invitees whose times are unknown to the viewer
    duration: timedelta


def find_a_time(request: HttpRequest, event_id: str) -> Proposal | None:
    """The next slots of the event's length where the owner and every invitee who shares
    free/busy times (and has not declined) are free, in everyone's working hours."""
    event = run(request, operations.EVENT_PEOPLE, {"id": event_id}).get("event")
    if not isinstance(event, dict):
        return None
    starts, ends = parse_iso(event.get("startsAt")), parse_iso(event.get("endsAt"))
    if starts is None or ends is None:
        return None
    duration = max(ends - starts, timedelta(minutes=30))
    people: dict[str, str] = {}
    persons: dict[str, Person] = {}
    owner = event.get("owner") or {}
    if owner.get("id"):
        people[str(owner["id"])] = str(owner.get("timeZone") or "UTC")
    for node in nodes(event.get("invitations")):
        invitee = (node or {}).get("invitee") or {}
        person = Person.parse(invitee)
        if person is not None and node.get("status") != "DECLINED":
            people[person.id] = str(invitee.get("timeZone") or "UTC")
            persons[person.id] = person
    after = timezone.now()
    busy = busy_periods(request, list(people), after, after + HORIZON)
    known = {user: periods for user, periods in busy.items() if periods is not None}
    slots = find_slots(
        known,
        {user: people[user] for user in known},
        duration=duration,
        after=after,
        before=after + HORIZON,
    )
    unknown = [
        persons[user] for user, periods in busy.items() if periods is None and user in persons
    ]
    return Proposal(slots, unknown, duration)
