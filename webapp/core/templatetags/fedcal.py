"""Template helpers: time ranges in the viewer's zone, the deferred-region marker."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString

from webapp.core.dates import in_zone, occurrence_param, zone
from webapp.core.streaming import DEFERRED_REGION

register = template.Library()
DASH = "\N{EN DASH}"


def time_range(event: object) -> str:
    """``Mon 3 Mar, 10:00 to 11:30`` (en dash) in the active zone; all-day: dates only."""
    starts_at: datetime | None = getattr(event, "starts_at", None)
    ends_at: datetime | None = getattr(event, "ends_at", None)
    if starts_at is None or ends_at is None:
        return ""
    if getattr(event, "all_day", False):
        own_zone = zone(getattr(event, "time_zone", None))
        return _all_day_range(in_zone(starts_at, own_zone), in_zone(ends_at, own_zone))
    start = local(starts_at)
    end = local(ends_at)
    first = date_format(start, "D j M Y, H:i")
    if start.date() == end.date():
        return f"{first}{DASH}{date_format(end, 'H:i')}"
    return f"{first} {DASH} {date_format(end, 'D j M Y, H:i')}"


def _all_day_range(starts_at: datetime, ends_at: datetime) -> str:
    # All-day events are stored as midnight-to-midnight in the event's own zone.
    first = starts_at.date()
    last = max(first, (ends_at - timedelta(seconds=1)).date())
    if first == last:
        return f"{date_format(first, 'D j M Y')} (all day)"
    return f"{date_format(first, 'D j M')} {DASH} {date_format(last, 'D j M Y')} (all day)"


def local(value: datetime) -> datetime:
    """``value`` in the active zone (UTC at the very ends of the calendar)."""
    return in_zone(value, timezone.get_current_timezone())


def clock(value: datetime | None) -> str:
    """``HH:MM`` in the active zone."""
    return date_format(local(value), "H:i") if value else ""


def time_on(entry: object, day: object) -> str:
    """An entry's times as one day shows them: start and end (en dash), the start and an
    arrow on its first day of several, an arrow and the end on its last, nothing on days
    between or for all-day events."""
    event = getattr(entry, "event", None)
    if event is None or getattr(event, "all_day", True):
        return ""
    start, end = local(event.starts_at), local(event.ends_at)
    first = not isinstance(day, date) or start.date() == day
    last = not isinstance(day, date) or end.date() == day
    if first and (last or end.date() == start.date()):
        return f"{date_format(start, 'H:i')}{DASH}{date_format(end, 'H:i')}"
    if first:
        return f"{date_format(start, 'H:i')} \N{RIGHTWARDS ARROW}"
    if last:
        return f"\N{RIGHTWARDS ARROW} {date_format(end, 'H:i')}"
    return ""


def local_iso(value: datetime | None) -> str:
    """``YYYY-MM-DDTHH:MM`` wall-clock time in the active zone (for the grid's scripts)."""
    return date_format(local(value), "Y-m-d\\TH:i") if value else ""


def get_item(mapping: object, key: object) -> object:
    """``mapping[key]`` in templates (``None`` when absent)."""
    return mapping.get(key) if isinstance(mapping, dict) else None


def occurrence_query(event: object) -> str:
    """``?occurrence=…`` for a link to one occurrence of a series ('' for a single event)."""
    at = getattr(event, "recurrence_id", None)
    return f"?occurrence={occurrence_param(at)}" if isinstance(at, datetime) else ""


for _filter in (time_range, clock, time_on, local_iso, get_item, occurrence_query):
    register.filter(_filter.__name__, _filter)


def deferred_region() -> SafeString:
    """Where a streamed page's deferred region goes (``webapp.core.streaming``)."""
    return SafeString(DEFERRED_REGION)  # a constant HTML comment


register.simple_tag(deferred_region)
