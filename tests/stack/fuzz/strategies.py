"""Argument values for schema-driven fuzzing: real ids among random ones, odd-but-valid
strings, dates at the ends of the calendar, time zones that exist and ones that do not."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone

import graphql
from hypothesis import strategies as st
from hypothesis_graphql import nodes

type ValueNodes = st.SearchStrategy[graphql.ValueNode]

ODD_STRINGS = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202eevil\u202c",  # right-to-left override
    "مرحبا بالعالم",
    "👩‍👩‍👧‍👦🎉",
    "\ufeffbom",
    "\U0010ffff",
    "Robert'); DROP TABLE events;--",
    '{"$gt": ""}',
    "$where",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "%s%n%x",
    "x" * 5000,
    "é" * 300,
)
TIME_ZONES = (
    "UTC",
    "Europe/Paris",
    "Pacific/Kiritimati",
    "Etc/GMT+14",
    "Mars/Olympus",
    "",
    "+25:00",
    "../../../../etc/localtime",
)
_YEARS = st.sampled_from((1, 2, 1969, 1970, 2038, 2100, 9998, 9999))
_OFFSETS = st.sampled_from(
    (UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12, minutes=-59)))
)
ODD_DATES = (
    "",
    "now",
    "2026-02-30T10:00:00Z",
    "2026-13-01T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "10000-01-01T00:00:00Z",
    "2026-01-01",
    "2026-01-01T25:61:61Z",
    "2026-01-01T10:00:00+24:00",
    "1e10",
    "\uff19\uff19\uff19\uff19-01-01T00:00:00Z",  # full-width digits
)


def _datetimes() -> st.SearchStrategy[str]:
    """ISO 8601 instants, mostly valid: any year 1-9999, extreme offsets, naive ones too."""
    valid = st.datetimes(timezones=_OFFSETS | st.none()).map(datetime.isoformat)
    edges = st.builds(
        lambda year, offset: datetime(year, 1 if year < 5000 else 12, 1, tzinfo=offset).isoformat(),
        _YEARS,
        _OFFSETS,
    )
    return st.one_of(valid, valid, edges, st.sampled_from(ODD_DATES))


def _ids(real: Iterable[str]) -> ValueNodes:
    """Mostly ids of real objects (so operations get past "not found"), some unknown or odd."""
    known = tuple(real)
    odd = st.one_of(
        st.text(alphabet="0123456789abcdef", min_size=24, max_size=24),  # unknown ObjectIds
        st.sampled_from(("", "0", "null", known[0].upper(), f"{known[0]} ", known[0] * 2)),
        st.text(max_size=30),
    )
    strings = st.one_of(st.sampled_from(known), st.sampled_from(known), odd)
    return st.one_of(strings.map(nodes.String), st.integers().map(nodes.Int))


def _strings(cursors: tuple[str, ...]) -> ValueNodes:
    """Any text, odd text, time zones, and real page cursors (``after`` is a String)."""
    return st.one_of(
        st.text(max_size=40),
        st.sampled_from(ODD_STRINGS),
        st.sampled_from(TIME_ZONES),
        st.sampled_from(cursors or ("",)),
    ).map(nodes.String)


def _ints() -> ValueNodes:
    """Page sizes and the like: mostly sensible, sometimes at or past the 32-bit edges."""
    sensible = st.integers(min_value=1, max_value=100)
    edges = st.sampled_from((0, -1, 101, 2**31 - 1, -(2**31)))
    return st.one_of(sensible, sensible, edges).map(nodes.Int)


def custom_scalars(real_ids: Iterable[str], cursors: Iterable[str]) -> dict[str, ValueNodes]:
    """Strategies for ``hypothesis_graphql`` (``custom_scalars``) over our API schema."""
    return {
        "DateTime": _datetimes().map(nodes.String),
        "ID": _ids(real_ids),
        "Int": _ints(),
        "String": _strings(tuple(cursors)),
    }
