"""RFC 5545 ``RRULE`` values: parse and validate the supported subset, print it canonically.

Supported: ``FREQ`` (DAILY, WEEKLY, MONTHLY, YEARLY), ``INTERVAL``, ``COUNT`` or ``UNTIL``,
``BYDAY`` (with an ordinal such as ``2TU`` or ``-1FR`` for MONTHLY and YEARLY), ``BYMONTHDAY``,
``BYMONTH``, ``BYSETPOS`` and ``WKST``. Anything else is refused with a human message.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_INTERVAL = 999
MAX_COUNT = 5000
MAX_RULE_LENGTH = 500

_DAY = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
_UNTIL_TIME = re.compile(r"(\d{8})T(\d{6})Z")
_UNTIL_DATE = re.compile(r"\d{8}")
_INTEGER = re.compile(r"[+-]?\d{1,4}")


class RuleError(ValueError):
    """A recurrence rule that cannot be accepted; the message is for people."""


@dataclass(frozen=True)
class WeekDay:
    """A ``BYDAY`` item: a weekday and, for MONTHLY and YEARLY rules, which one (2 = 2nd,
    -1 = last)."""

    day: str
    ordinal: int | None = None

    def text(self) -> str:
        return f"{self.ordinal or ''}{self.day}"


@dataclass(frozen=True)
class Rule:
    """A parsed, validated ``RRULE``; ``until`` is a UTC instant."""

    frequency: str
    interval: int = 1
    count: int | None = None
    until: datetime | None = None
    by_day: tuple[WeekDay, ...] = ()
    by_month_day: tuple[int, ...] = ()
    by_month: tuple[int, ...] = ()
    by_set_pos: tuple[int, ...] = ()
    week_start: str | None = None

    def text(self) -> str:
        """The canonical ``RRULE`` value (fixed part order, UNTIL in UTC)."""
        parts = [f"FREQ={self.frequency}"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.count is not None:
            parts.append(f"COUNT={self.count}")
        if self.until is not None:
            parts.append(f"UNTIL={self.until.astimezone(UTC):%Y%m%dT%H%M%SZ}")
        if self.by_month:
            parts.append("BYMONTH=" + ",".join(map(str, self.by_month)))
        if self.by_month_day:
            parts.append("BYMONTHDAY=" + ",".join(map(str, self.by_month_day)))
        if self.by_day:
            parts.append("BYDAY=" + ",".join(day.text() for day in self.by_day))
        if self.by_set_pos:
            parts.append("BYSETPOS=" + ",".join(map(str, self.by_set_pos)))
        if self.week_start is not None:
            parts.append(f"WKST={self.week_start}")
        return ";".join(parts)


def parse_rule(value: str, *, starts_at: datetime | None, time_zone: str) -> Rule:
    """Parse ``value`` (with or without a leading ``RRULE:``) for a series starting at
    ``starts_at`` (aware) in ``time_zone``; :class:`RuleError` if it is not acceptable.

    A date-only ``UNTIL`` means "until the end of that day" in the event's zone. Without
    ``starts_at`` (a stored rule, read back) its consistency with the start is not checked.
    """
    text = value.strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    if not text:
        raise RuleError("The recurrence rule is empty.")
    if len(text) > MAX_RULE_LENGTH:
        raise RuleError(f"The recurrence rule must be at most {MAX_RULE_LENGTH} characters.")
    parts: dict[str, str] = {}
    for part in text.upper().split(";"):
        name, equals, content = part.partition("=")
        if not equals or not name or not content:
            raise RuleError(f"'{part}' is not a NAME=VALUE part of a recurrence rule.")
        if name in parts:
            raise RuleError(f"{name} appears twice in the recurrence rule.")
        parts[name] = content
    rule = _build(parts, ZoneInfo(time_zone))
    if starts_at is not None:
        _check_consistent(rule, starts_at)
    return rule


def _build(parts: dict[str, str], zone: ZoneInfo) -> Rule:
    frequency = parts.pop("FREQ", None)
    if frequency is None:
        raise RuleError("The recurrence rule needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY).")
    if frequency not in FREQUENCIES:
        raise RuleError(f"FREQ={frequency} is not supported; use DAILY, WEEKLY, MONTHLY or YEARLY.")
    interval = _integer(parts.pop("INTERVAL", "1"), "INTERVAL", 1, MAX_INTERVAL)
    count = until = None
    if "COUNT" in parts and "UNTIL" in parts:
        raise RuleError("A recurrence rule has COUNT or UNTIL, not both.")
    if "COUNT" in parts:
        count = _integer(parts.pop("COUNT"), "COUNT", 1, MAX_COUNT)
    if "UNTIL" in parts:
        until = _until(parts.pop("UNTIL"), zone)
    by_day = tuple(_week_day(item) for item in _items(parts.pop("BYDAY", None)))
    by_month_day = tuple(
        _day_number(item, "BYMONTHDAY", 31) for item in _items(parts.pop("BYMONTHDAY", None))
    )
    by_month = tuple(_integer(m, "BYMONTH", 1, 12) for m in _items(parts.pop("BYMONTH", None)))
    by_set_pos = tuple(
        _day_number(item, "BYSETPOS", 366) for item in _items(parts.pop("BYSETPOS", None))
    )
    week_start = parts.pop("WKST", None)
    if week_start is not None and week_start not in WEEKDAYS:
        raise RuleError(f"WKST={week_start} is not a weekday (MO … SU).")
    if parts:
        raise RuleError(f"{', '.join(sorted(parts))} is not supported in recurrence rules.")
    return Rule(
        frequency, interval, count, until, by_day, by_month_day, by_month, by_set_pos, week_start
    )


def _items(value: str | None) -> list[str]:
    if value is None:
        return []
    items = value.split(",")
    if any(not item for item in items):
        raise RuleError(f"'{value}' has an empty item.")
    return items


def _integer(value: str, name: str, low: int, high: int) -> int:
    if not _INTEGER.fullmatch(value) or not low <= int(value) <= high:
        raise RuleError(f"{name} must be a whole number from {low} to {high}.")
    return int(value)


def _day_number(value: str, name: str, high: int) -> int:
    number = _integer(value, name, -high, high)
    if number == 0:
        raise RuleError(f"{name} must not be 0 (use 1 … {high}, or -1 for the last).")
    return number


def _week_day(value: str) -> WeekDay:
    match = _DAY.fullmatch(value)
    if match is None:
        raise RuleError(f"BYDAY item '{value}' is not a weekday such as MO, 2TU or -1FR.")
    ordinal = None if match[1] is None else _day_number(match[1], "The BYDAY ordinal", 53)
    return WeekDay(match[2], ordinal)


def _until(value: str, zone: ZoneInfo) -> datetime:
    if match := _UNTIL_TIME.fullmatch(value):
        try:
            return datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        except ValueError:
            pass
    elif _UNTIL_DATE.fullmatch(value):
        try:
            day = datetime.strptime(value, "%Y%m%d").date()
        except ValueError:
            pass
        else:
            return _end_of_day(day, zone)
    raise RuleError(f"UNTIL={value} is not a date (YYYYMMDD) or UTC time (YYYYMMDDTHHMMSSZ).")


def _end_of_day(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(23, 59, 59), zone).astimezone(UTC)


def _check_consistent(rule: Rule, starts_at: datetime) -> None:
    if rule.until is not None and rule.until < starts_at:
        raise RuleError("UNTIL must not be before the start of the event.")
    ordinals = [day for day in rule.by_day if day.ordinal is not None]
    if ordinals and rule.frequency in ("DAILY", "WEEKLY"):
        raise RuleError("A numbered weekday (such as 2TU) needs FREQ=MONTHLY or YEARLY.")
    if rule.frequency == "MONTHLY" and any(abs(d.ordinal or 0) > 5 for d in ordinals):
        raise RuleError("In a monthly rule, a numbered weekday is from -5 to 5 (such as 2TU).")
    if rule.by_month_day and rule.frequency == "WEEKLY":
        raise RuleError("BYMONTHDAY cannot be used with FREQ=WEEKLY.")
    if rule.by_set_pos and not (rule.by_day or rule.by_month_day or rule.by_month):
        raise RuleError("BYSETPOS needs BYDAY, BYMONTHDAY or BYMONTH.")
    if rule.by_month_day and not _some_month_has_day(rule):
        raise RuleError("No month in this rule has such a day, so it never happens.")


def _some_month_has_day(rule: Rule) -> bool:
    months = rule.by_month or tuple(range(1, 13))
    longest = {month: calendar.monthrange(2000, month)[1] for month in months}  # 2000: leap
    return any(abs(day) <= longest[month] for month in months for day in rule.by_month_day)
