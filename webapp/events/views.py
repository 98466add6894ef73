"""Event pages: detail, create/edit/delete, join/leave, participants fragment, public list."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from webapp.core.auth import login_required
from webapp.core.backend import as_caller, browser_address, note_missing, router_client, run
from webapp.core.dates import occurrence_param, parse_iso, to_iso, zone
from webapp.core.entities import Event, Page, page_of
from webapp.core.forms import apply_router_errors
from webapp.core.htmx import CALENDAR_CHANGED, PARTICIPANTS_CHANGED, is_htmx, trigger
from webapp.core.incremental import execute_incremental
from webapp.core.methods import get_only, get_or_post, post_only
from webapp.core.router_client import GraphQLResult, OperationFailed
from webapp.core.session import Viewer, request_viewer
from webapp.core.streaming import page_with_deferred_region
from webapp.events import operations
from webapp.events.details import EventDetails
from webapp.events.forms import EventForm, PublicSearchForm
from webapp.events.repeat import RepeatForm, summary
from webapp.events.scope import ALL, ScopeForm, occurrence_of


def _viewer(request: HttpRequest) -> Viewer:
    return request_viewer(request)


def _require_event(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise Http404("No such event, or you may not see it.")
    return raw


def load_details(request: HttpRequest, event_id: str) -> EventDetails:
    """The event page's data in one answer (for fragments re-rendered after an action)."""
    return _details_of(request, run(request, operations.EVENT_PAGE, {"id": event_id}))


def _details_of(request: HttpRequest, result: GraphQLResult) -> EventDetails:
    if result.get("event") is None and any(e.root_field == "event" for e in result.errors):
        result.require("event")  # the event itself failed: say why
    return EventDetails.parse(
        _require_event(result.get("event")),
        _viewer(request),
        with_participants=result.get("withParticipants"),
        with_invitations=result.get("withInvitations"),
        membership_known=not any(e.path[1:2] == ("myParticipation",) for e in result.errors),
    )


@login_required
@get_only
def detail(request: HttpRequest, event_id: str) -> HttpResponse:
    """The event at once; its guest lists (deferred by the router) follow in the same page."""
    address = browser_address(request)
    answer = as_caller(
        request,
        lambda token: execute_incremental(
            router_client(),
            operations.EVENT_PAGE,
            {"id": event_id},
            token=token,
            client_address=address,
        ),
    )
    try:
        note_missing(request, answer.initial)
        details = _details_of(request, answer.initial)
    except BaseException:
        answer.close()
        raise

    def guests() -> str:
        complete = _details_of(request, answer.until(operations.GUESTS_LABEL))
        context = {"details": complete, "event": complete.event}
        return str(render_to_string("events/_guest_section.html", context, request))

    at = parse_iso(request.GET.get("occurrence"))
    context = {
        "details": details,
        "event": details.event,
        "guests_deferred": True,
        "occurrence_query": f"?occurrence={occurrence_param(at)}" if at else "",
    }
    return page_with_deferred_region(
        request, "events/detail.html", context, region=guests, release=answer.close
    )


@login_required
@get_or_post
def create(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    initial = EventForm.initial_new(viewer.time_zone, timezone.now())
    initial |= EventForm.initial_from_query(request.GET)
    form = EventForm(request.POST or None, initial=initial)
    repeat = RepeatForm(request.POST or None)
    if request.method == "POST" and all([form.is_valid(), repeat.is_valid()]):
        event_input = {**form.event_input(), "recurrence": _rule(form, repeat)}
        try:
            created = run(request, operations.CREATE_EVENT, {"input": event_input})
            event_id = created.require("createEvent")["id"]
        except OperationFailed as failure:
            apply_router_errors(form, failure)
        else:
            messages.success(request, "Event created.")
            return HttpResponseRedirect(reverse("events:detail", args=[event_id]))
    context = {"form": form, "heading": "New event", **_picker(form, repeat)}
    invalid = form.errors or repeat.errors
    return render(request, "events/form.html", context, status=400 if invalid else 200)


@login_required
@get_or_post
def edit(request: HttpRequest, event_id: str) -> HttpResponse:
    """The event form; on an occurrence of a series (``?occurrence=``) it also asks whether
    the change is for this event, this and the following ones or all of them."""
    series = Event.parse(
        _require_event(run(request, operations.EVENT, {"id": event_id}).get("event"))
    )
    assert series is not None
    scope = ScopeForm.opened(request.POST or None, request.GET)
    at = scope.requested_at() if series.recurrence else None
    shown = occurrence_of(series, at) if at else series
    form = EventForm(request.POST or None, initial=EventForm.initial_for(shown))
    rule = series.recurrence.rule if series.recurrence else None
    repeat = RepeatForm(
        request.POST or None, initial=RepeatForm.initial_for(rule, series.time_zone)
    )
    if request.method == "POST" and all([form.is_valid(), repeat.is_valid(), scope.is_valid()]):
        try:
            saved_id = _save(request, series, shown, form, repeat, scope)
        except OperationFailed as failure:
            apply_router_errors(form, failure)
        else:
            if saved_id is not None:
                messages.success(request, "Event saved.")
                return HttpResponseRedirect(reverse("events:detail", args=[saved_id]))
    heading = f"Edit “{shown.display_title}”"
    context = {
        "form": form,
        "heading": heading,
        "event": series,
        "scope": scope if at or (scope.is_bound and scope.errors) else None,
        **_picker(form, repeat, rule),
    }
    invalid = form.errors or repeat.errors or (scope.is_bound and scope.errors)
    return render(request, "events/form.html", context, status=400 if invalid else 200)


SERIES_ONLY = ("time_zone", "all_day", "is_public")
SERIES_ONLY_MESSAGE = (
    "Time zone, all day, public and repeat apply to the whole series: choose “All events” "
    "to change them."
)


def _save(
    request: HttpRequest,
    series: Event,
    shown: Event,
    form: EventForm,
    repeat: RepeatForm,
    scope: ScopeForm,
) -> str | None:
    """Store the edit; the id of the event to show, or None when the form got an error."""
    choice, at = scope.cleaned_data["scope"], scope.cleaned_data["at"]
    event_input = form.event_input()
    if choice != ALL:
        if any(name in form.changed_data for name in SERIES_ONLY) or repeat.changed_data:
            form.add_error(None, SERIES_ONLY_MESSAGE)
            return None
        changes = {key: event_input[key] for key in ("title", "description", "startsAt", "endsAt")}
        variables = {"id": series.id, "at": to_iso(at), "scope": choice, "input": changes}
        result = run(request, operations.CHANGE_OCCURRENCES, variables)
        return str(result.require("updateOccurrence")["id"])
    start, end = form.instants()
    if at is not None:  # the occurrence's new times move the whole series by as much
        shift = series.starts_at - shown.starts_at
        start, end = start + shift, end + shift
        event_input |= {"startsAt": to_iso(start), "endsAt": to_iso(end)}
    local_start = start.astimezone(zone(form.cleaned_data["time_zone"])).replace(tzinfo=None)
    rule = repeat.rule(local_start, form.cleaned_data["time_zone"])
    variables = {"id": series.id, "input": {**event_input, "recurrence": rule or ""}}
    run(request, operations.UPDATE_EVENT, variables).require("updateEvent")
    return series.id


def _rule(form: EventForm, repeat: RepeatForm) -> str | None:
    data = form.cleaned_data
    return repeat.rule(data["starts_at"], data["time_zone"])


def _picker(form: EventForm, repeat: RepeatForm, rule: str | None = None) -> dict[str, Any]:
    """The repeat picker and its plain-words summary (of ``rule`` while not submitted)."""
    start, time_zone = form.initial.get("starts_at"), form.initial.get("time_zone", "UTC")
    if form.is_bound and form.is_valid() and repeat.is_valid():
        start, time_zone = form.cleaned_data["starts_at"], form.cleaned_data["time_zone"]
        rule = repeat.rule(start, time_zone)
    if not isinstance(start, datetime):
        return {"repeat": repeat, "repeat_summary": ""}
    return {"repeat": repeat, "repeat_summary": summary(rule, start, time_zone)}


@login_required
@get_only
def repeat_summary(request: HttpRequest) -> HttpResponse:
    """The picker's summary in plain words, for the values typed so far (htmx)."""
    form, repeat = EventForm(request.GET), RepeatForm(request.GET)
    text = _picker(form, repeat)["repeat_summary"] if form.is_valid() else ""
    return HttpResponse(text or "Fill in the start to see how it repeats.")


@login_required
@get_or_post
def delete(request: HttpRequest, event_id: str) -> HttpResponse:
    """Delete the event; on an occurrence of a series, this one, the following or all."""
    series = Event.parse(
        _require_event(run(request, operations.EVENT, {"id": event_id}).get("event"))
    )
    assert series is not None
    scope = ScopeForm.opened(request.POST or None, request.GET)
    at = scope.requested_at() if series.recurrence else None
    if request.method == "POST" and scope.is_valid():
        choice = scope.cleaned_data["scope"]
        try:
            if choice == ALL:
                run(request, operations.DELETE_EVENT, {"id": event_id}).require("deleteEvent")
            else:
                at = scope.cleaned_data["at"]
                variables = {"id": event_id, "at": to_iso(at), "scope": choice}
                run(request, operations.DELETE_OCCURRENCES, variables).require("deleteOccurrence")
        except OperationFailed as failure:
            scope.add_error(None, str(failure))
        else:
            messages.success(request, "Event deleted." if choice == ALL else "Deleted.")
            return HttpResponseRedirect(reverse("calendar:month"))
    context = {
        "event": occurrence_of(series, at) if at else series,
        "scope": scope if at or scope.errors else None,
    }
    return render(
        request, "events/confirm_delete.html", context, status=400 if scope.errors else 200
    )


def _membership_change(
    request: HttpRequest, event_id: str, document: str, field: str
) -> HttpResponse:
    try:
        run(request, document, {"eventId": event_id}).require(field)
    except OperationFailed as failure:
        if not is_htmx(request):
            messages.error(request, str(failure))
            return HttpResponseRedirect(reverse("events:detail", args=[event_id]))
        return render(request, "core/_problem.html", {"message": str(failure)})
    if not is_htmx(request):
        return HttpResponseRedirect(reverse("events:detail", args=[event_id]))
    details = load_details(request, event_id)
    response = render(request, "events/_membership.html", {"details": details})
    return trigger(response, PARTICIPANTS_CHANGED, CALENDAR_CHANGED)


@login_required
@post_only
def join(request: HttpRequest, event_id: str) -> HttpResponse:
    return _membership_change(request, event_id, operations.JOIN_EVENT, "joinEvent")


@login_required
@post_only
def leave(request: HttpRequest, event_id: str) -> HttpResponse:
    return _membership_change(request, event_id, operations.LEAVE_EVENT, "leaveEvent")


@login_required
@get_only
def public(request: HttpRequest) -> HttpResponse:
    form = PublicSearchForm(request.GET)  # always bound: all fields optional, errors attachable
    page: Page[Event] | None = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        zone = timezone.get_current_timezone()
        start = data.get("start") or timezone.localdate()
        end = data.get("end")
        variables = {
            "search": data.get("q") or None,
            "from": to_iso(datetime.combine(start, time.min, tzinfo=zone)),
            "to": to_iso(datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone))
            if end
            else None,
            "after": data.get("after") or None,
        }
        try:
            page = page_of(
                run(request, operations.PUBLIC_EVENTS, variables).require("publicEvents"),
                Event.parse,
            )
        except OperationFailed as failure:
            apply_router_errors(form, failure, {"search": "q", "from": "start", "to": "end"})
    query = request.GET.copy()
    query.pop("after", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "events/public.html", context)
