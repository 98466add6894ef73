"""Finding a time: the next slots where everyone is free, within working hours in each
person's own zone (a pure function of their busy periods)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from webapp.core.dates import zone

WORK_START = time(9)
WORK_END = time(17)
STEP = timedelta(minutes=30)


@dataclass(frozen=True)
class Period:
    starts_at: datetime
    ends_at: datetime

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.starts_at < end and start < self.ends_at


def _within_hours(start: datetime, end: datetime, time_zone: str) -> bool:
    """On one weekday, between 09:00 and 17:00 in ``time_zone``."""
    local_start, local_end = start.astimezone(zone(time_zone)), end.astimezone(zone(time_zone))
    return (
        local_start.weekday() < 5
        and local_start.date() == local_end.date()
        and local_start.time() >= WORK_START
        and local_end.time() <= WORK_END
    )


def find_slots(
    busy: Mapping[str, Sequence[Period]],
    zones: Mapping[str, str],
    *,
    duration: timedelta,
    after: datetime,
    before: datetime,
    count: int = 3,
) -> list[Period]:
    """Up to ``count`` slots of ``duration`` starting on a half hour in ``[after, before)``,
    on a weekday within 09:00-17:00 for every person in ``zones`` and free for all."""
    first = after.replace(minute=0, second=0, microsecond=0)
    while first < after:
        first += STEP
    found: list[Period] = []
    start = first
    while start + duration <= before and len(found) < count:
        end = start + duration
        if all(_within_hours(start, end, name) for name in zones.values()) and not any(
            period.overlaps(start, end) for periods in busy.values() for period in periods
        ):
            found.append(Period(start, end))
            start = end
        else:
            start += STEP
    return found
