# mypy: disallow-subclassing-any=False
"""The repeat picker of the event form: plain choices that make an RRULE (and back)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms

from webapp.core.dates import zone
from webapp.core.forms import Form
from webapp.core.rule_words import DAY_NAMES, describe_rule

PREFIX = "repeat"
FREQUENCIES = [
    ("", "Does not repeat"),
    ("DAILY", "Every day"),
    ("WEEKLY", "Every week"),
    ("MONTHLY", "Every month"),
    ("YEARLY", "Every year"),
]
WEEKDAYS = list(DAY_NAMES)


class RepeatForm(Form):
    frequency = forms.ChoiceField(choices=FREQUENCIES, required=False, label="Repeats")
    interval = forms.IntegerField(
        min_value=1,
        max_value=99,
        initial=1,
        required=False,
        label="Every how many",
        help_text="2 with “Every week” means every other week.",
    )
    days = forms.MultipleChoiceField(
        choices=list(DAY_NAMES.items()),
        required=False,
        label="On",
        widget=forms.CheckboxSelectMultiple,
        help_text="Weekly: the days of the week.",
    )
    monthly = forms.ChoiceField(
        choices=[
            ("day", "On the same day of the month"),
            ("weekday", "On the same weekday (e.g. 2nd Tuesday)"),
            ("last", "On the last such weekday of the month"),
        ],
        required=False,
        initial="day",
        label="Monthly",
    )
    ends = forms.ChoiceField(
        choices=[("never", "Never"), ("until", "On a date"), ("count", "After a number of times")],
        required=False,
        initial="never",
        label="Stops repeating",
    )
    until = forms.DateField(
        required=False, label="Last day", widget=forms.DateInput({"type": "date"})
    )
    count = forms.IntegerField(min_value=1, max_value=1000, required=False, label="Times")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", PREFIX)
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if not cleaned.get("frequency"):
            return cleaned
        if cleaned.get("ends") == "until" and cleaned.get("until") is None:
            self.add_error("until", "Choose the last day.")
        if cleaned.get("ends") == "count" and cleaned.get("count") is None:
            self.add_error("count", "Say how many times.")
        return cleaned

    def rule(self, start: datetime, time_zone: str) -> str | None:
        """The RRULE for a series starting at ``start`` (wall-clock time in ``time_zone``)."""
        data = self.cleaned_data
        frequency = data.get("frequency")
        if not frequency:
            return None
        parts = [f"FREQ={frequency}"]
        if (data.get("interval") or 1) > 1:
            parts.append(f"INTERVAL={data['interval']}")
        if frequency == "WEEKLY":
            days = [day for day in WEEKDAYS if day in (data.get("days") or [])]
            parts.append("BYDAY=" + ",".join(days or [WEEKDAYS[start.weekday()]]))
        if frequency == "MONTHLY" and data.get("monthly") in ("weekday", "last"):
            day = WEEKDAYS[start.weekday()]
            number = -1 if data["monthly"] == "last" else (start.day - 1) // 7 + 1
            parts.append(f"BYDAY={number}{day}")
        if data.get("ends") == "count" and data.get("count"):
            parts.append(f"COUNT={data['count']}")
        elif data.get("ends") == "until" and data.get("until"):
            parts.append(f"UNTIL={_end_of(data['until'], time_zone)}")
        return ";".join(parts)

    @staticmethod
    def initial_for(rule: str | None, time_zone: str) -> dict[str, Any]:
        """Picker values showing ``rule`` (the parts the picker can make)."""
        if not rule:
            return {}
        parts = dict(part.partition("=")[::2] for part in rule.split(";"))
        days = parts.get("BYDAY", "")
        initial: dict[str, Any] = {
            "frequency": parts.get("FREQ", ""),
            "interval": int(parts.get("INTERVAL", "1")),
            "days": [day for day in days.split(",") if day in DAY_NAMES],
            "monthly": "last"
            if days.startswith("-1")
            else "weekday"
            if days[:1].isdigit()
            else "day",
            "ends": "count" if "COUNT" in parts else "until" if "UNTIL" in parts else "never",
        }
        if "COUNT" in parts:
            initial["count"] = int(parts["COUNT"])
        if "UNTIL" in parts:
            moment = datetime.strptime(parts["UNTIL"][:15], "%Y%m%dT%H%M%S")
            initial["until"] = moment.replace(tzinfo=zone("UTC")).astimezone(zone(time_zone)).date()
        return initial


def _end_of(day: date, time_zone: str) -> str:
    """UNTIL for "until ``day``": the end of that day in the event's zone, in UTC."""
    end = datetime.combine(day + timedelta(days=1), time.min, zone(time_zone)) - timedelta(
        seconds=1
    )
    return end.astimezone(zone("UTC")).strftime("%Y%m%dT%H%M%SZ")


def summary(rule: str | None, start: datetime, time_zone: str) -> str:
    return describe_rule(rule, start, time_zone) if rule else "Does not repeat."
