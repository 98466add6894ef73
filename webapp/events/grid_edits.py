"""Edits made on the calendar grid: quick create, move and resize, each with its undo.

The grid's script posts wall-clock times (``YYYY-MM-DDTHH:MM``) in the viewer's zone; the
answer is JSON with a sentence to announce and what undoing needs.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django import forms
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from webapp.core.auth import login_required
from webapp.core.backend import run
from webapp.core.dates import to_iso, zone
from webapp.core.entities import Event
from webapp.core.forms import Form
from webapp.core.methods import post_only
from webapp.core.router_client import OperationFailed
from webapp.core.session import request_viewer
from webapp.core.templatetags.fedcal import local_iso, time_range
from webapp.events import operations
from webapp.events.forms import LocalDateTimeField, check_range


class SpanForm(Form):
    start = LocalDateTimeField()
    end = LocalDateTimeField()

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is not None and end is not None:
            if end <= start:
                self.add_error("end", "The end must be after the start.")
            for name in ("start", "end"):
                message = check_range(cleaned.get(name))
                if message:
                    self.add_error(name, message)
        return cleaned

    def instants(self, request: HttpRequest) -> tuple[datetime, datetime]:
        viewer_zone = zone(request_viewer(request).time_zone)
        start: datetime = self.cleaned_data["start"]
        end: datetime = self.cleaned_data["end"]
        return start.replace(tzinfo=viewer_zone), end.replace(tzinfo=viewer_zone)


class QuickForm(SpanForm):
    title = forms.CharField(max_length=200)


def _refused(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"ok": False, "message": message}, status=status)


def _form_problem(form: forms.Form) -> JsonResponse:
    errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
    return _refused(" ".join(errors) or "Those times cannot be used.")


@login_required
@post_only
def quick_create(request: HttpRequest) -> JsonResponse:
    """A new event with a title and times; undo deletes it."""
    form = QuickForm(request.POST)
    if not form.is_valid():
        return _form_problem(form)
    start, end = form.instants(request)
    event_input = {
        "title": form.cleaned_data["title"],
        "startsAt": to_iso(start),
        "endsAt": to_iso(end),
        "timeZone": request_viewer(request).time_zone,
    }
    try:
        created = run(request, operations.CREATE_EVENT, {"input": event_input})
        event_id = created.require("createEvent")["id"]
    except OperationFailed as failure:
        return _refused(str(failure))
    when = f"{date_format(timezone.localtime(start), 'D j M, H:i')}"
    return JsonResponse(
        {
            "ok": True,
            "message": f"Created \N{LEFT DOUBLE QUOTATION MARK}{form.cleaned_data['title']}"
            f"\N{RIGHT DOUBLE QUOTATION MARK} on {when}.",
            "url": reverse("events:detail", args=[event_id]),
            "undo": {"url": reverse("events:quick_delete", args=[event_id])},
        }
    )


@login_required
@post_only
def quick_delete(request: HttpRequest, event_id: str) -> JsonResponse:
    """Undo of a quick create."""
    try:
        run(request, operations.DELETE_EVENT, {"id": event_id}).require("deleteEvent")
    except OperationFailed as failure:
        return _refused(str(failure))
    return JsonResponse({"ok": True, "message": "The new event is removed again."})


@login_required
@post_only
def move(request: HttpRequest, event_id: str) -> JsonResponse:
    """New start and end (moved or resized); undo moves it back."""
    form = SpanForm(request.POST)
    if not form.is_valid():
        return _form_problem(form)
    before = Event.parse(run(request, operations.EVENT, {"id": event_id}).require("event"))
    if before is None:
        return _refused("No such event.", 404)
    start, end = form.instants(request)
    times = {"startsAt": to_iso(start), "endsAt": to_iso(end)}
    occurrence = occurrence_of(request)
    try:
        if occurrence is None:
            variables = {"id": event_id, "input": times}
            run(request, operations.UPDATE_EVENT, variables).require("updateEvent")
        else:  # one occurrence of a series: only it moves; undo puts it back on its rule
            variables = {"id": event_id, "at": to_iso(occurrence), "input": times}
            run(request, operations.UPDATE_OCCURRENCE, variables).require("updateOccurrence")
            length = before.ends_at - before.starts_at
            before = Event(
                **{**before.__dict__, "starts_at": occurrence, "ends_at": occurrence + length}
            )
    except OperationFailed as failure:
        return _refused(str(failure))
    moved = Event(**{**before.__dict__, "starts_at": start, "ends_at": end})
    return JsonResponse(
        {
            "ok": True,
            "message": f"\N{LEFT DOUBLE QUOTATION MARK}{before.display_title}"
            f"\N{RIGHT DOUBLE QUOTATION MARK} is now {time_range(moved)}.",
            "undo": {
                "url": request.get_full_path(),
                "start": local_iso(before.starts_at),
                "end": local_iso(before.ends_at),
            },
        }
    )


def occurrence_of(request: HttpRequest) -> datetime | None:
    """The occurrence of a series a grid edit is about (``?recurrenceAt=`` Unix seconds)."""
    raw = request.GET.get("recurrenceAt", "")
    if not raw.isdigit():
        return None
    try:
        return datetime.fromtimestamp(int(raw), UTC)
    except (OverflowError, OSError, ValueError):
        return None
