"""Small input validators that raise :class:`BadUserInput` naming the field."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache
from zoneinfo import available_timezones

from bson import ObjectId

from plumbing.text import UNSAFE_CHARACTERS
from subgraphs.common.errors import BadUserInput

# Characters no text field accepts: plumbing.text's unsafe ones (controls, separators, bidi
# formatting) and lone surrogates (not encodable in the database). Single-line fields refuse
# tab and line feed too; multi-line ones accept them (a CR LF pair becomes a line feed first).
_ALWAYS_REFUSED = rf"{UNSAFE_CHARACTERS}\ud800-\udfff"
_SINGLE_LINE_REFUSED = re.compile(rf"[\t\n{_ALWAYS_REFUSED}]")
_MULTI_LINE_REFUSED = re.compile(rf"[{_ALWAYS_REFUSED}]")


def plain(value: str, field: str, *, multiline: bool = False) -> str:
    """Refuse control and bidi formatting characters (BAD_USER_INPUT naming the field).

    Every text input of every subgraph goes through here (via :func:`text` or directly).
    """
    if multiline:
        value = value.replace("\r\n", "\n")
        if _MULTI_LINE_REFUSED.search(value):
            raise BadUserInput(
                field,
                f"{field} must not contain control or bidirectional formatting characters "
                "(line breaks and tabs are fine).",
            )
    elif _SINGLE_LINE_REFUSED.search(value):
        raise BadUserInput(
            field,
            f"{field} must be one line without control or bidirectional formatting characters.",
        )
    return value


def text(
    value: str, field: str, *, max_length: int, min_length: int = 1, multiline: bool = False
) -> str:
    """Refuse control characters (:func:`plain`), strip ``value`` and check its length."""
    cleaned = plain(value, field, multiline=multiline).strip()
    if len(cleaned) < min_length:
        if min_length <= 1:
            raise BadUserInput(field, f"{field} must not be empty.")
        raise BadUserInput(field, f"{field} must be at least {min_length} characters.")
    if len(cleaned) > max_length:
        raise BadUserInput(field, f"{field} must be at most {max_length} characters.")
    return cleaned


def optional_text(
    value: str | None, field: str, *, max_length: int, multiline: bool = False
) -> str:
    """Like :func:`text` but empty is allowed (returns ``""``)."""
    if value is None:
        return ""
    return text(value, field, max_length=max_length, min_length=0, multiline=multiline)


def matches(value: str, field: str, pattern: re.Pattern[str], rule: str) -> str:
    if not pattern.fullmatch(plain(value, field)):
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
