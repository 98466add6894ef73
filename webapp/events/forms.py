# mypy: disallow-subclassing-any=False
"""Event form (times are entered in the event's own zone) and the public-events filter."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any, ClassVar

from django import forms

from webapp.calendar.periods import FIRST_DAY, LAST_DAY
from webapp.core.dates import to_iso, zone
from webapp.core.entities import Event
from webapp.core.forms import Form, TimeZoneField

LOCAL_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")
WIDGET_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.Field):
    """A wall-clock date and time without zone (``<input type=datetime-local>``)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=WIDGET_FORMAT)
    default_error_messages: ClassVar[dict[str, str]] = {
        "invalid": "Enter a date and time such as 2026-03-01 14:30."
    }

    def to_python(self, value: Any) -> datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        for pattern in LOCAL_FORMATS:
            try:
                return datetime.strptime(str(value).strip(), pattern)
            except ValueError:
                continue
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


def check_range(value: datetime | None) -> str | None:
    """Why ``value`` is outside the days the calendar can show, or None."""
    if value is None or FIRST_DAY <= value.date() <= LAST_DAY:
        return None
    return OUT_OF_RANGE_INPUT


OUT_OF_RANGE_INPUT = (
    f"Choose a date from {FIRST_DAY:%-d %B} {FIRST_DAY.year:04d} to "
    f"{LAST_DAY:%-d %B} {LAST_DAY.year}: the calendar shows those."
)


class EventForm(Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea({"rows": 4})
    )
    starts_at = LocalDateTimeField(label="Starts")
    ends_at = LocalDateTimeField(label="Ends")
    time_zone = TimeZoneField(help_text="Start and end are in this zone.")
    all_day = forms.BooleanField(
        required=False, label="All day", help_text="Only the dates of start and end count."
    )
    is_public = forms.BooleanField(
        required=False, label="Public", help_text="Anyone can find this event and join it."
    )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start is None or end is None:
            return cleaned
        for name in ("starts_at", "ends_at"):
            message = check_range(cleaned.get(name))
            if message:
                self.add_error(name, message)
        if cleaned.get("all_day"):
            if end.date() < start.date():
                self.add_error("ends_at", "The last day must not be before the first day.")
        elif end < start:
            self.add_error("ends_at", "The end must not be before the start.")
        return cleaned

    def instants(self) -> tuple[datetime, datetime]:
        """Start and end as aware instants (all-day: midnight to the midnight after)."""
        data = self.cleaned_data
        event_zone = zone(data["time_zone"])
        start: datetime = data["starts_at"]
        end: datetime = data["ends_at"]
        if data.get("all_day"):
            start = datetime.combine(start.date(), time.min)
            end = datetime.combine(end.date() + timedelta(days=1), time.min)
        return start.replace(tzinfo=event_zone), end.replace(tzinfo=event_zone)

    def event_input(self) -> dict[str, Any]:
        """The ``CreateEventInput`` / ``UpdateEventInput`` for the router."""
        start, end = self.instants()
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "startsAt": to_iso(start),
            "endsAt": to_iso(end),
            "timeZone": data["time_zone"],
            "allDay": bool(data.get("all_day")),
            "isPublic": bool(data.get("is_public")),
        }

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        """Form values showing ``event`` in its own zone."""
        event_zone = zone(event.time_zone)
        start = event.starts_at.astimezone(event_zone).replace(tzinfo=None)
        end = event.ends_at.astimezone(event_zone).replace(tzinfo=None)
        if event.all_day and end > start:
            end = end - timedelta(days=1)
        return {
            "title": event.title or "",
            "description": event.description,
            "starts_at": start,
            "ends_at": end,
            "time_zone": event.time_zone,
            "all_day": event.all_day,
            "is_public": event.is_public,
        }

    @staticmethod
    def initial_new(time_zone: str, now: datetime) -> dict[str, Any]:
        """Defaults for a new event: the next full hour, one hour long, in ``time_zone``."""
        local = now.astimezone(zone(time_zone)).replace(tzinfo=None, minute=0, second=0)
        start = local.replace(microsecond=0) + timedelta(hours=1)
        return {"starts_at": start, "ends_at": start + timedelta(hours=1), "time_zone": time_zone}

    @staticmethod
    def initial_from_query(query: Mapping[str, str]) -> dict[str, Any]:
        """``?title=&start=&end=`` (wall-clock, from the grid's "more options") as initial
        values; a start without an end lasts one hour; unreadable values are ignored."""
        field = LocalDateTimeField()
        values: dict[str, Any] = {}
        for key, name in (("start", "starts_at"), ("end", "ends_at")):
            try:
                value = field.to_python(query.get(key))
            except forms.ValidationError:
                continue
            if value is not None and check_range(value) is None:
                values[name] = value
        if "starts_at" in values and "ends_at" not in values:
            values["ends_at"] = values["starts_at"] + timedelta(hours=1)
        if query.get("title"):
            values["title"] = query["title"][:200]
        return values


class PublicSearchForm(Form):
    q = forms.CharField(required=False, max_length=100, label="Title contains")
    start = forms.DateField(required=False, label="From", widget=forms.DateInput({"type": "date"}))
    end = forms.DateField(required=False, label="Until", widget=forms.DateInput({"type": "date"}))
    after = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        start: date | None = cleaned.get("start")
        end: date | None = cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must not be before the start date.")
        return cleaned
