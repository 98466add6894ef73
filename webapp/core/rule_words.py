"""Recurrence rules (RFC 5545 ``RRULE`` values) in plain words, e.g. "Every 2 weeks on Mon,
Wed until 31 Mar 2031" or "Every month on the last Friday, 12 times"."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from webapp.core.dates import zone

DAY_NAMES = {
    "MO": "Mon",
    "TU": "Tue",
    "WE": "Wed",
    "TH": "Thu",
    "FR": "Fri",
    "SA": "Sat",
    "SU": "Sun",
}
LONG_DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
UNITS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ORDINAL_DAY = re.compile(r"([+-]?\d+)?([A-Z]{2})")


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th … and "last", "2nd last" for negative numbers."""
    if number < 0:
        return "last" if number == -1 else f"{ordinal(-number)} last"
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _parts(rule: str) -> dict[str, str]:
    text = rule.removeprefix("RRULE:")
    return dict(part.partition("=")[::2] for part in text.upper().split(";") if "=" in part)


def _days(value: str) -> str:
    named = []
    for item in value.split(","):
        match = _ORDINAL_DAY.fullmatch(item)
        if match is None or match[2] not in DAY_NAMES:
            continue
        if match[1]:
            named.append(f"the {ordinal(int(match[1]))} {LONG_DAY_NAMES[match[2]]}")
        else:
            named.append(DAY_NAMES[match[2]])
    return ", ".join(named)


def _until(value: str, time_zone: str) -> str:
    try:
        if "T" in value:
            moment = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
            day = moment.astimezone(zone(time_zone)).date()
        else:
            day = datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        return ""
    return f"until {day.day} {MONTHS[day.month - 1]} {day.year}"


def describe_rule(rule: str, starts_at: datetime, time_zone: str) -> str:
    """``rule`` in plain words (the start tells the weekday or day of a bare rule)."""
    parts = _parts(rule)
    unit = UNITS.get(parts.get("FREQ", ""))
    if unit is None:
        return "Repeats"
    raw_interval = parts.get("INTERVAL", "1")
    interval = int(raw_interval) if raw_interval.isdigit() else 1
    words = [f"Every {interval} {unit}s" if interval > 1 else f"Every {unit}"]
    if parts.get("BYDAY"):
        words.append(f"on {_days(parts['BYDAY'])}")
    elif parts.get("BYMONTHDAY"):
        days = [int(d) for d in parts["BYMONTHDAY"].split(",") if d.lstrip("-").isdigit()]
        words.append("on the " + ", ".join(ordinal(d) for d in days) + (" day" if days else ""))
    elif unit == "week":
        words.append(
            f"on {DAY_NAMES[list(DAY_NAMES)[starts_at.astimezone(zone(time_zone)).weekday()]]}"
        )
    text = " ".join(words)
    if parts.get("COUNT"):
        text += f", {parts['COUNT']} times"
    elif parts.get("UNTIL"):
        text += f" {_until(parts['UNTIL'], time_zone)}"
    return text
