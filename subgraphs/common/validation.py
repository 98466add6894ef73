"""Small input validators that raise :class:`BadUserInput` naming the field."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache
from zoneinfo import available_timezones

from bson import ObjectId

from subgraphs.common.errors import BadUserInput


def text(value: str, field: str, *, max_length: int, min_length: int = 1) -> str:
    """Strip ``value`` and check its length."""
    cleaned = value.strip()
    if len(cleaned) < min_length:
        raise BadUserInput(field, f"{field} must not be empty.")
    if len(cleaned) > max_length:
        raise BadUserInput(field, f"{field} must be at most {max_length} characters.")
    return cleaned


def optional_text(value: str | None, field: str, *, max_length: int) -> str:
    """Like :func:`text` but empty is allowed (returns ``""``)."""
    if value is None:
        return ""
    return text(value, field, max_length=max_length, min_length=0)


def matches(value: str, field: str, pattern: re.Pattern[str], rule: str) -> str:
    if not pattern.fullmatch(value):
        raise BadUserInput(field, f"{field} {rule}.")
    return value


@cache
def _time_zones() -> frozenset[str]:
    # "localtime" is the server's own zone (a system symlink), not an IANA name.
    return frozenset(available_timezones()) - {"localtime"}


def time_zone(value: str, field: str = "timeZone") -> str:
    """Accept only IANA time zone names."""
    if value not in _time_zones():
        raise BadUserInput(field, f"{field} must be an IANA time zone such as Europe/Paris.")
    return value


def aware_utc(value: datetime, field: str) -> datetime:
    """Require a time-zone-aware datetime and convert it to UTC (within years 1 to 9999)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise BadUserInput(field, f"{field} must include a time zone offset.")
    try:
        return value.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+14:00 is in year 0 in UTC
        raise BadUserInput(field, f"{field} must be between years 1 and 9999 in UTC.") from None


_HEX_OBJECT_ID = re.compile(r"[0-9a-fA-F]{24}")


def object_id(value: str, field: str) -> ObjectId:
    """Parse an ID argument (24 hex digits); a malformed ID is bad input, not a server error.

    ``ObjectId.is_valid`` alone would also accept any 12-character string as raw bytes.
    """
    if not _HEX_OBJECT_ID.fullmatch(value):
        raise BadUserInput(field, f"{field} is not a valid ID.")
    return ObjectId(value)


def page_size(first: int, field: str = "first", *, maximum: int = 100) -> int:
    if first < 1 or first > maximum:
        raise BadUserInput(field, f"{field} must be between 1 and {maximum}.")
    return first
