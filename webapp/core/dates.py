"""Time zone and ISO-8601 helpers shared by forms, calendar views and feeds."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


@cache
def time_zone_names() -> tuple[str, ...]:
    """Every IANA zone name, sorted (``UTC`` included)."""
    names = {name for name in available_timezones() if "/" in name or name == "UTC"}
    return tuple(sorted(names))


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in time_zone_names()]


def zone(name: str | None) -> ZoneInfo:
    """The named zone, or UTC when the name is empty or unknown."""
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def parse_iso(value: object) -> datetime | None:
    """An aware datetime from the router's ISO-8601 text (naive values are taken as UTC)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def in_zone(value: datetime, target: tzinfo) -> datetime:
    """``value`` in ``target``; in UTC where ``target`` would leave years 1 to 9999."""
    try:
        return value.astimezone(target)
    except OverflowError:
        return value.astimezone(UTC)


def to_iso(value: datetime) -> str:
    """ISO-8601 in UTC, as the GraphQL ``DateTime`` scalar expects."""
    return value.astimezone(UTC).isoformat()


def occurrence_param(at: datetime | None) -> str:
    """The ``?occurrence=`` value naming an occurrence of a series by the start its rule
    gives it (UTC, with no ``+`` to escape in a link)."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if at else ""
