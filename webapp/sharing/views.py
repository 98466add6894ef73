"""Grant and revoke shares; render a calendar shared with me at its level."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from webapp.calendar.periods import Layout
from webapp.calendar.views import calendar_context, current_zone, requested_period
from webapp.core.auth import login_required
from webapp.core.backend import run
from webapp.core.entities import Event, Person, nodes
from webapp.core.forms import apply_router_errors
from webapp.core.methods import get_only, get_or_post, post_only
from webapp.core.router_client import OperationFailed
from webapp.core.session import request_viewer
from webapp.sharing import operations
from webapp.sharing.forms import RevokeForm, ShareForm
from webapp.sharing.shares import FREE_BUSY, shared_entries, shares


def _find_user(request: HttpRequest, username: str) -> Person | None:
    found = run(request, operations.FIND_USER, {"prefix": username}).require("searchUsers")
    for node in nodes(found):
        person = Person.parse(node)
        if person is not None and person.username.lower() == username.lower():
            return person
    return None


@login_required
@get_or_post
def index(request: HttpRequest) -> HttpResponse:
    form = ShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        grantee = _find_user(request, form.cleaned_data["username"])
        if grantee is None:
            form.add_error("username", "No user has this username.")
        else:
            variables = {"granteeId": grantee.id, "level": form.cleaned_data["level"]}
            try:
                run(request, operations.SHARE, variables).require("shareCalendar")
            except OperationFailed as failure:
                apply_router_errors(form, failure, {"granteeId": "username"})
            else:
                messages.success(request, f"Your calendar is shared with {grantee.label}.")
                return HttpResponseRedirect(reverse("sharing:index"))
    result = run(request, operations.SHARES)
    context = {
        "form": form,
        "given": shares(result.get("sharesGiven"), "grantee"),
        "received": shares(result.get("sharesReceived"), "owner"),
    }
    return render(request, "sharing/index.html", context, status=400 if form.errors else 200)


@login_required
@get_only
def suggestions(request: HttpRequest) -> HttpResponse:
    """Type-ahead for the share form: ``<option>``s of people whose name starts with it."""
    prefix = str(request.GET.get("username") or "").strip()
    people: list[Person] = []
    if 2 <= len(prefix) <= 32:
        found = run(request, operations.FIND_USER, {"prefix": prefix}).get("searchUsers")
        viewer_id = request_viewer(request).id
        people = [
            person
            for person in (Person.parse(node) for node in nodes(found))
            if person is not None and person.id != viewer_id
        ]
    return render(request, "sharing/_suggestions.html", {"people": people[:10]})


@login_required
@post_only
def revoke(request: HttpRequest) -> HttpResponse:
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            run(request, operations.REVOKE, {"granteeId": form.cleaned_data["grantee_id"]}).require(
                "revokeShare"
            )
            messages.success(request, "Access revoked.")
        except OperationFailed as failure:
            messages.error(request, str(failure))
    return HttpResponseRedirect(reverse("sharing:index"))


@login_required
@get_only
def shared_calendar(request: HttpRequest, owner_id: str, layout: str) -> HttpResponse:
    try:
        chosen = Layout(layout)
    except ValueError as error:
        raise Http404("Unknown calendar layout.") from error
    period = requested_period(request, chosen)
    start, stop = period.bounds(current_zone())
    variables = {"ownerId": owner_id, "from": start.isoformat(), "to": stop.isoformat()}
    result = run(request, operations.SHARED_CALENDAR, variables)
    for root_field in ("calendarAccess", "user"):
        if result.get(root_field) is None and any(
            error.root_field == root_field for error in result.errors
        ):
            result.require(root_field)  # that part failed (e.g. a subgraph is down): say why
    level = result.get("calendarAccess")
    owner = result.get("user")
    if not level or not isinstance(owner, dict):
        raise Http404("This calendar is not shared with you.")
    raw_events = nodes(owner.get("events"))
    events = [e for e in (Event.parse(raw) for raw in raw_events) if e is not None]
    urls = {item: reverse("sharing:calendar", args=[owner_id, item.value]) for item in Layout}
    context = calendar_context(request, period, shared_entries(events, str(level)), urls)
    person = Person.parse(owner)
    context |= {"owner": person, "level": level, "free_busy": level == FREE_BUSY}
    return render(request, "sharing/calendar.html", context)
