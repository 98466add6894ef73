# mypy: disallow-subclassing-any=False
"""Which occurrences of a series an edit or a delete is about (the API's RecurrenceScope)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from django import forms

from webapp.core.dates import occurrence_param, parse_iso
from webapp.core.entities import Event
from webapp.core.forms import Form

ALL = "ALL"
EDIT_CHOICES = [
    ("THIS", "This event"),
    ("THIS_AND_FOLLOWING", "This and following events"),
    (ALL, "All events"),
]
NEEDS_OCCURRENCE = (
    "Choose “All events”, or open one occurrence from the calendar to change only it."
)
UNREADABLE = "That occurrence cannot be read; open it again from the calendar."


class ScopeForm(Form):
    """``scope`` (radio buttons) and the occurrence's start (``occurrence``, ISO-8601)."""

    scope = forms.ChoiceField(
        choices=EDIT_CHOICES, widget=forms.RadioSelect, required=False, label="Apply to"
    )
    occurrence = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        raw = cleaned.get("occurrence") or ""
        at = parse_iso(raw)
        if raw and at is None:
            self.add_error(None, UNREADABLE)
        cleaned["scope"] = cleaned.get("scope") or ALL
        if cleaned["scope"] != ALL and at is None:
            self.add_error("scope", NEEDS_OCCURRENCE)
        cleaned["at"] = at
        return cleaned

    @classmethod
    def opened(cls, data: Any, query: Any) -> ScopeForm:
        """The form for a request: posted values, else the ``?occurrence=`` of the link."""
        raw = query.get("occurrence", "") if data is None else ""
        at = parse_iso(raw)
        initial = {"occurrence": occurrence_param(at), "scope": "THIS" if at else ALL}
        return cls(data, initial=initial)

    def requested_at(self) -> datetime | None:
        """The occurrence the page is about (posted, else from the link), if readable."""
        source = self.data if self.is_bound else self.initial
        return parse_iso(source.get("occurrence"))


def occurrence_of(event: Event, at: datetime) -> Event:
    """The occurrence of series ``event`` that the rule starts at ``at``, with its changes."""
    length = event.ends_at - event.starts_at
    found = replace(event, starts_at=at, ends_at=at + length, recurrence_id=at)
    for override in event.recurrence.overrides if event.recurrence else ():
        if override.recurrence_id == at:
            start = override.starts_at or at
            return replace(
                found,
                starts_at=start,
                ends_at=override.ends_at or start + length,
                title=override.title if override.title is not None else event.title,
                description=override.description or event.description,
            )
    return found
