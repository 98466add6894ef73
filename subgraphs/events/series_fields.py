"""The stored fields of a series (``recurrence``, ``seriesEndsAt``), validated from input."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from subgraphs.common import BadUserInput, Document, validation
from subgraphs.events.recurrence import Series, series_of
from subgraphs.events.rules import RuleError, parse_rule

MAX_EXCLUDED_DATES = 1000
NOT_RECURRING: Document = {"recurrence": None, "seriesEndsAt": None}


def series_fields(
    event: Mapping[str, Any],
    rule: str | None,
    excluded_dates: Sequence[datetime] | None,
) -> Document:
    """``recurrence`` and ``seriesEndsAt`` of ``event`` (its times and zone already valid)
    with a new ``rule`` and/or ``excluded_dates`` (``None``: unchanged; rule ``""``: no
    longer recurring). BAD_USER_INPUT naming ``recurrence`` or ``excludedDates``."""
    current = event.get("recurrence") or {}
    text = current.get("rule") if rule is None else rule.strip()
    if not text:
        if excluded_dates:
            raise BadUserInput("excludedDates", "Only a repeating event has excluded dates.")
        return dict(NOT_RECURRING)
    try:
        parsed = parse_rule(text, starts_at=event["startsAt"], time_zone=event["timeZone"])
    except RuleError as error:
        raise BadUserInput("recurrence", f"Invalid recurrence rule: {error}") from None
    exdates = current.get("exdates", []) if excluded_dates is None else excluded_dates
    if len(exdates) > MAX_EXCLUDED_DATES:
        raise BadUserInput(
            "excludedDates", f"excludedDates must have at most {MAX_EXCLUDED_DATES} dates."
        )
    recurrence = {
        "rule": parsed.text(),
        "exdates": sorted({validation.aware_utc(day, "excludedDates") for day in exdates}),
        "overrides": current.get("overrides", []),
    }
    return with_recurrence(event, recurrence)


def with_recurrence(event: Mapping[str, Any], recurrence: Document) -> Document:
    """The stored fields for ``recurrence`` on ``event``, its end recomputed."""
    series = series_of({**event, "recurrence": recurrence})
    assert isinstance(series, Series)
    return {"recurrence": recurrence, "seriesEndsAt": series.ends()}
