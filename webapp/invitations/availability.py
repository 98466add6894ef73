"""Who is free when, from the router's ``freeBusy`` (UNKNOWN for anyone who does not share
at least free/busy times with the viewer)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.http import HttpRequest

from webapp.core.backend import run
from webapp.core.dates import parse_iso, to_iso
from webapp.invitations import operations
from webapp.invitations.slots import Period

BUSY, FREE, UNKNOWN = "busy", "free", "unknown"
MAX_PEOPLE = 20  # freeBusy answers at most this many people at once


def busy_periods(
    request: HttpRequest, user_ids: Sequence[str], start: datetime, end: datetime
) -> dict[str, list[Period] | None]:
    """Each person's busy periods in ``[start, end)``; ``None`` when not shared (or when
    the answer did not come)."""
    ids = list(dict.fromkeys(user_ids))[:MAX_PEOPLE]
    if not ids:
        return {}
    variables = {"ids": ids, "from": to_iso(start), "to": to_iso(end)}
    answers = run(request, operations.FREE_BUSY, variables).get("freeBusy") or []
    found: dict[str, list[Period] | None] = dict.fromkeys(ids)
    for answer in answers:
        if not isinstance(answer, dict) or answer.get("status") != "KNOWN":
            continue
        periods = []
        for raw in answer.get("busy") or []:
            starts, ends = parse_iso(raw.get("startsAt")), parse_iso(raw.get("endsAt"))
            if starts is not None and ends is not None:
                periods.append(Period(starts, ends))
        found[str(answer.get("userId"))] = periods
    return found


def slot_status(
    request: HttpRequest, user_ids: Sequence[str], start: datetime, end: datetime
) -> dict[str, str]:
    """busy / free / unknown for each person during ``[start, end)``."""
    end = max(end, start + timedelta(minutes=1))
    status = {}
    for user_id, periods in busy_periods(request, user_ids, start, end).items():
        if periods is None:
            status[user_id] = UNKNOWN
        else:
            status[user_id] = BUSY if any(p.overlaps(start, end) for p in periods) else FREE
    return status
