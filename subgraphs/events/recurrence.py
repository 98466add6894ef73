"""Expanding a series into occurrences, in the event's own time zone (wall-clock times stay
across daylight-saving changes), with excluded dates and per-occurrence overrides.

A series is stored on its event document under ``recurrence``::

    {"rule": "FREQ=WEEKLY;BYDAY=MO", "exdates": [<UTC original starts>],
     "overrides": [{"recurrenceId": <UTC original start>, "startsAt": …, "endsAt": …,
                    "title": …, "description": …}]}

An occurrence is named by its ``recurrenceId``: the UTC instant the rule gives it, whether
or not an override moved it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from dateutil import rrule as dateutil_rule

from subgraphs.events.rules import FREQUENCIES, WEEKDAYS, Rule, parse_rule

OPEN_END = datetime(9999, 1, 1, tzinfo=UTC)  # ``seriesEndsAt`` of a series without an end
OVERRIDABLE = ("title", "description", "startsAt", "endsAt")
_FREQUENCY = {name: getattr(dateutil_rule, name) for name in FREQUENCIES}
_SLACK = timedelta(days=2)  # zone offsets, when windows are turned into wall-clock time


class TooManyOccurrences(Exception):
    """The expansion of a request went past its limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


@dataclass(frozen=True)
class Override:
    """What one occurrence changes (``None``: as the series)."""

    recurrence_id: datetime
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    title: str | None = None
    description: str | None = None

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Override:
        return cls(
            document["recurrenceId"],
            document.get("startsAt"),
            document.get("endsAt"),
            document.get("title"),
            document.get("description"),
        )

    def to_document(self) -> dict[str, Any]:
        values = dict(zip(OVERRIDABLE, self.changes(), strict=True))
        return {"recurrenceId": self.recurrence_id} | {
            name: value for name, value in values.items() if value is not None
        }

    def changes(self) -> tuple[Any, ...]:
        return (self.title, self.description, self.starts_at, self.ends_at)


@dataclass(frozen=True)
class Occurrence:
    recurrence_id: datetime
    starts_at: datetime
    ends_at: datetime
    override: Override | None = None


@dataclass(frozen=True)
class Series:
    """A recurring event's times, rule, excluded dates and overrides (all instants UTC)."""

    starts_at: datetime
    ends_at: datetime
    time_zone: str
    rule: Rule
    exdates: frozenset[datetime] = frozenset()
    overrides: Mapping[datetime, Override] = field(default_factory=dict)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone).replace(tzinfo=None)

    def _instant(self, local: datetime) -> datetime:
        return local.replace(tzinfo=self.zone).astimezone(UTC)

    @property
    def _duration(self) -> timedelta:
        """The length in wall-clock time (an 8-hour day stays 8 hours across a change)."""
        return self._local(self.ends_at) - self._local(self.starts_at)

    def _dateutil(self, near: datetime | None = None) -> dateutil_rule.rrule:
        """The rule in wall-clock time; with ``near`` (local), started as close before it as
        gives the same occurrences, so that an old series is not walked from its start."""
        rule = self.rule
        until = None if rule.until is None else self._local(rule.until)
        return dateutil_rule.rrule(
            _FREQUENCY[rule.frequency],
            dtstart=self._start_near(near),
            interval=rule.interval,
            count=rule.count,
            until=until,
            wkst=None if rule.week_start is None else WEEKDAYS.index(rule.week_start),
            bymonth=rule.by_month or None,
            bymonthday=rule.by_month_day or None,
            byweekday=[
                dateutil_rule.weekday(WEEKDAYS.index(day.day), day.ordinal) for day in rule.by_day
            ]
            or None,
            bysetpos=rule.by_set_pos or None,
            cache=False,
        )

    def _start_near(self, near: datetime | None) -> datetime:
        """DTSTART moved forward by whole periods (days or weeks times INTERVAL) to just
        before ``near``: the same occurrences after it for DAILY and WEEKLY rules without
        COUNT or BYSETPOS (a count or a position depends on the real start)."""
        start = self._local(self.starts_at)
        rule = self.rule
        if near is None or rule.count is not None or rule.by_set_pos:
            return start
        if rule.frequency not in ("DAILY", "WEEKLY"):
            return start
        period = timedelta(days=rule.interval * (1 if rule.frequency == "DAILY" else 7))
        periods = (near - start) // period - 1
        return start + periods * period if periods > 0 else start

    def _starts(self, near: datetime | None = None) -> dateutil_rule.rruleset:
        """The rule's starts and DTSTART, which always counts as an occurrence (RFC 5545),
        even where the rule would not give it."""
        starts = dateutil_rule.rruleset(cache=False)
        starts.rrule(self._dateutil(near))
        starts.rdate(self._local(self.starts_at))
        return starts

    def _base(self, local_start: datetime) -> Occurrence:
        start = self._instant(local_start)
        return Occurrence(start, start, self._instant(local_start + self._duration))

    def _apply(self, occurrence: Occurrence) -> Occurrence:
        override = self.overrides.get(occurrence.recurrence_id)
        if override is None:
            return occurrence
        return Occurrence(
            occurrence.recurrence_id,
            override.starts_at or occurrence.starts_at,
            override.ends_at or occurrence.ends_at,
            override,
        )

    def occurs_at(self, recurrence_id: datetime) -> bool:
        """Whether the rule gives an occurrence starting at ``recurrence_id`` (not excluded)."""
        local = self._local(recurrence_id)
        found = self._starts(near=local).after(local, inc=True)
        return (
            found is not None
            and self._instant(found) == recurrence_id
            and recurrence_id not in self.exdates
        )

    def between(self, start: datetime, end: datetime, *, limit: int) -> list[Occurrence]:
        """Occurrences overlapping ``[start, end)`` (moved ones by their new times), in
        start order; :class:`TooManyOccurrences` past ``limit``."""
        found: dict[datetime, Occurrence] = {}
        zone, duration = self.zone, self._duration  # once: the loop is the hot path
        local_from = self._local(start) - duration - _SLACK
        local_to = self._local(end) + _SLACK
        for local in self._starts(near=local_from).xafter(local_from, inc=True):
            if local >= local_to:
                break
            begins = local.replace(tzinfo=zone).astimezone(UTC)
            if begins in self.exdates:
                continue
            occurrence = Occurrence(
                begins, begins, (local + duration).replace(tzinfo=zone).astimezone(UTC)
            )
            if self.overrides:
                occurrence = self._apply(occurrence)
            if _overlaps(occurrence, start, end):
                if len(found) == limit:
                    raise TooManyOccurrences(limit)
                found[occurrence.recurrence_id] = occurrence
        for recurrence_id, override in self.overrides.items():
            if recurrence_id in found or override.starts_at is None:
                continue
            moved = Occurrence(
                recurrence_id, override.starts_at, override.ends_at or override.starts_at, override
            )
            if _overlaps(moved, start, end) and self.occurs_at(recurrence_id):
                if len(found) == limit:
                    raise TooManyOccurrences(limit)
                found[recurrence_id] = moved
        return sorted(found.values(), key=lambda item: (item.starts_at, item.recurrence_id))

    def split(self, at: datetime) -> tuple[Rule, Rule]:
        """The rules of "this and following" at occurrence ``at``: the old series ends just
        before it (``UNTIL``), the new one keeps the rest (its ``COUNT`` less those before)."""
        rule = self.rule
        before = replace(rule, count=None, until=at - timedelta(seconds=1))
        if rule.count is None:
            return before, rule
        earlier = sum(1 for local in self._dateutil() if self._instant(local) < at)
        return before, replace(rule, count=rule.count - earlier)

    def ends(self) -> datetime:
        """An instant no occurrence ends after (``OPEN_END`` for a series without an end)."""
        last = self.ends_at
        if self.rule.count is not None:
            starts = list(islice(self._dateutil(), self.rule.count))
            last = max(last, self._base(starts[-1]).ends_at) if starts else last
        elif self.rule.until is not None:
            last = max(last, self.rule.until + (self.ends_at - self.starts_at) + _SLACK)
        else:
            last = OPEN_END
        moved = [o.ends_at or o.starts_at for o in self.overrides.values()]
        return max([last, *(moment for moment in moved if moment is not None)])


def _overlaps(occurrence: Occurrence, start: datetime, end: datetime) -> bool:
    """Like event lists: overlapping ``[start, end)``, zero-length ones at ``start`` count."""
    return occurrence.starts_at < end and (
        occurrence.ends_at > start or occurrence.starts_at >= start
    )


def series_of(event: Mapping[str, Any]) -> Series | None:
    """The series of a stored event document; ``None`` for a single event."""
    recurrence = event.get("recurrence")
    if not recurrence:
        return None
    overrides = [Override.from_document(item) for item in recurrence.get("overrides", [])]
    return Series(
        event["startsAt"],
        event["endsAt"],
        event["timeZone"],
        parse_rule(recurrence["rule"], starts_at=None, time_zone=event["timeZone"]),
        frozenset(recurrence.get("exdates", [])),
        {override.recurrence_id: override for override in overrides},
    )
