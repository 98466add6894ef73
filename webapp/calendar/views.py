"""Month, week, day and agenda pages, plus the agenda panel other pages refresh with htmx."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from webapp.calendar.entries import Entry, Kind, by_day
from webapp.calendar.grid import build_grid
from webapp.calendar.loading import Execute, load_my_entries
from webapp.calendar.periods import Anchor, Layout, Period, parse_anchor, period_for
from webapp.core.auth import login_required
from webapp.core.backend import run
from webapp.core.dates import zone
from webapp.core.methods import get_only
from webapp.core.router_client import GraphQLResult

PANEL_DAYS = 14


LAYOUT_URLS = {
    Layout.MONTH: "calendar:month",
    Layout.WEEK: "calendar:week",
    Layout.DAY: "calendar:day",
    Layout.AGENDA: "calendar:agenda",
}


def executor(request: HttpRequest) -> Execute:
    """Run operations as the request's user (for :func:`load_my_entries`)."""

    def execute(document: str, variables: Mapping[str, Any]) -> GraphQLResult:
        return run(request, document, variables)

    return execute


def requested_anchor(request: HttpRequest) -> Anchor:
    return parse_anchor(request.GET.get("date"), timezone.localdate())


def requested_period(request: HttpRequest, layout: Layout) -> Period:
    return period_for(layout, requested_anchor(request).day)


def calendar_context(
    request: HttpRequest,
    period: Period,
    entries: list[Entry],
    layout_urls: Mapping[Layout, str],
) -> dict[str, Any]:
    """What the calendar templates need, for the viewer's own or a shared calendar."""
    zone = current_zone()
    timed = period.layout in (Layout.WEEK, Layout.DAY)
    return {
        "period": period,
        "layout": period.layout.value,
        "today": timezone.localdate(),
        "entries": entries,
        "days": by_day(entries, period.days, zone),
        "grid": build_grid(entries, period.days, zone, timezone.now()) if timed else None,
        "date_notice": requested_anchor(request).refused,
        "layout_links": [
            (layout.label, url, layout is period.layout) for layout, url in layout_urls.items()
        ],
        "page_url": layout_urls[period.layout],
        "day_url": layout_urls.get(Layout.DAY),
    }


def current_zone() -> ZoneInfo:
    return zone(timezone.get_current_timezone_name())


def _calendar_page(request: HttpRequest, layout: Layout) -> HttpResponse:
    period = requested_period(request, layout)
    start, stop = period.bounds(current_zone())
    entries = load_my_entries(executor(request), start, stop).entries
    urls = {layout: reverse(name) for layout, name in LAYOUT_URLS.items()}
    context = calendar_context(request, period, entries, urls)
    context["kinds"] = [Kind.OWNED, Kind.JOINED, Kind.TENTATIVE]
    context["editable"] = True
    return render(request, "calendar/calendar.html", context)


@login_required
@get_only
def month(request: HttpRequest) -> HttpResponse:
    return _calendar_page(request, Layout.MONTH)


@login_required
@get_only
def week(request: HttpRequest) -> HttpResponse:
    return _calendar_page(request, Layout.WEEK)


@login_required
@get_only
def day(request: HttpRequest) -> HttpResponse:
    return _calendar_page(request, Layout.DAY)


@login_required
@get_only
def agenda(request: HttpRequest) -> HttpResponse:
    return _calendar_page(request, Layout.AGENDA)


@login_required
@get_only
def agenda_panel(request: HttpRequest) -> HttpResponse:
    """The next two weeks as a fragment; pages reload it on ``calendar-changed``."""
    today = timezone.localdate()
    days = [today + timedelta(days=n) for n in range(PANEL_DAYS)]
    start = datetime.combine(today, time.min, tzinfo=current_zone())
    entries = load_my_entries(executor(request), start, start + timedelta(days=PANEL_DAYS)).entries
    return render(
        request,
        "calendar/_agenda_panel.html",
        {"days": by_day(entries, days, current_zone()), "has_entries": bool(entries)},
    )
