"""Template helpers: time ranges in the viewer's zone, the deferred-region marker."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString

from webapp.core.dates import zone
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
        return _all_day_range(starts_at.astimezone(own_zone), ends_at.astimezone(own_zone))
    start = timezone.localtime(starts_at)
    end = timezone.localtime(ends_at)
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


def clock(value: datetime | None) -> str:
    """``HH:MM`` in the active zone."""
    return date_format(timezone.localtime(value), "H:i") if value else ""


def get_item(mapping: object, key: object) -> object:
    """``mapping[key]`` in templates (``None`` when absent)."""
    return mapping.get(key) if isinstance(mapping, dict) else None


for _filter in (time_range, clock, get_item):
    register.filter(_filter.__name__, _filter)


def deferred_region() -> SafeString:
    """Where a streamed page's deferred region goes (``webapp.core.streaming``)."""
    return SafeString(DEFERRED_REGION)  # a constant HTML comment


register.simple_tag(deferred_region)
