"""Validators of event fields shared by event and occurrence edits."""

from __future__ import annotations

from datetime import datetime

from subgraphs.common import BadUserInput, validation

MAX_TITLE_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 5000


def valid_title(value: str) -> str:
    return validation.text(value, "title", max_length=MAX_TITLE_LENGTH)


def valid_description(value: str) -> str:
    return validation.optional_text(
        value, "description", max_length=MAX_DESCRIPTION_LENGTH, multiline=True
    )


def valid_times(starts_at: datetime, ends_at: datetime, *, blame: str) -> tuple[datetime, datetime]:
    start = validation.aware_utc(starts_at, "startsAt")
    end = validation.aware_utc(ends_at, "endsAt")
    if end < start:
        raise BadUserInput(blame, "endsAt must not be before startsAt.")
    return start, end
