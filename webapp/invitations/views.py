"""Inbox, RSVP, invite and the user search fragment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from webapp.core.auth import login_required
from webapp.core.backend import run
from webapp.core.entities import Event, Invitation, Person, nodes, page_of
from webapp.core.htmx import (
    CALENDAR_CHANGED,
    INVITATIONS_CHANGED,
    PARTICIPANTS_CHANGED,
    is_htmx,
    trigger,
)
from webapp.core.methods import get_only, post_only
from webapp.core.router_client import OperationFailed
from webapp.core.session import request_viewer
from webapp.events import operations as event_operations
from webapp.events.views import load_details
from webapp.invitations import operations
from webapp.invitations.availability import slot_status
from webapp.invitations.forms import InviteForm, RespondForm, UserSearchForm
from webapp.invitations.scheduling import conflicts, find_a_time


def _pending(request: HttpRequest) -> list[Invitation]:
    """Pending invitations; one whose event is gone (or hidden) invites to nothing and is left
    out, unless an outage left its event unloaded (then it shows as not loaded)."""
    result = run(request, operations.INBOX)
    items: list[Invitation] = page_of(result.require("myInvitations"), Invitation.parse).items
    return items if result.outage else [item for item in items if item.event is not None]


def _inbox_context(request: HttpRequest) -> dict[str, Any]:
    """Pending invitations and, for each, what in the viewer's calendar it overlaps."""
    pending = _pending(request)
    return {"invitations": pending, "conflicts": conflicts(request, pending)}


@login_required
@get_only
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "invitations/inbox.html", _inbox_context(request))


@login_required
@get_only
def inbox_list(request: HttpRequest) -> HttpResponse:
    return render(request, "invitations/_inbox_list.html", _inbox_context(request))


@login_required
@post_only
def respond(request: HttpRequest, invitation_id: str) -> HttpResponse:
    form = RespondForm(request.POST)
    back = reverse("invitations:inbox")
    if not form.is_valid():
        messages.error(request, "Choose accept, maybe or decline.")
        return HttpResponseRedirect(back)
    status = form.cleaned_data["status"]
    try:
        answer = run(request, operations.RESPOND, {"id": invitation_id, "status": status})
        invitation = answer.require("respondToInvitation")
    except OperationFailed as failure:
        if is_htmx(request):
            return render(request, "core/_problem.html", {"message": str(failure)})
        messages.error(request, str(failure))
        return HttpResponseRedirect(back)
    event_id = (invitation.get("event") or {}).get("id")
    if form.cleaned_data.get("origin") == "event" and event_id:
        back = reverse("events:detail", args=[event_id])
    if not is_htmx(request):
        messages.success(request, "Your answer was sent.")
        return HttpResponseRedirect(back)
    if form.cleaned_data.get("origin") == "event" and event_id:
        details = load_details(request, event_id)  # the answer changes what can be done next
        response = render(request, "events/_membership.html", {"details": details})
    else:
        response = render(request, "invitations/_inbox_list.html", _inbox_context(request))
    return trigger(response, CALENDAR_CHANGED, PARTICIPANTS_CHANGED, INVITATIONS_CHANGED)


@login_required
@post_only
def invite(request: HttpRequest, event_id: str) -> HttpResponse:
    form = InviteForm(request.POST)
    detail = reverse("events:detail", args=[event_id])
    message = "Choose someone to invite."
    ok = False
    if form.is_valid():
        variables = {"eventId": event_id, "inviteeId": form.cleaned_data["invitee_id"]}
        try:
            run(request, operations.INVITE, variables).require("invite")
            ok, message = True, "Invitation sent."
        except OperationFailed as failure:
            message = str(failure)
    if not is_htmx(request):
        (messages.success if ok else messages.error)(request, message)
        return HttpResponseRedirect(detail)
    response = render(request, "invitations/_invite_feedback.html", {"ok": ok, "message": message})
    return trigger(response, INVITATIONS_CHANGED) if ok else response


@login_required
@get_only
def user_search(request: HttpRequest, event_id: str) -> HttpResponse:
    """Type-ahead results: people whose username or display name starts with ``q``."""
    form = UserSearchForm(request.GET)
    people: list[Person] = []
    if form.is_valid():
        found = run(request, operations.SEARCH_USERS, {"prefix": form.cleaned_data["q"]})
        viewer_id = request_viewer(request).id
        people = [
            person
            for person in (Person.parse(node) for node in nodes(found.get("searchUsers")))
            if person is not None and person.id != viewer_id
        ]
    context = {
        "people": people,
        "event_id": event_id,
        "searched": form.is_valid(),
        "availability": _slot_availability(request, event_id, people),
    }
    if is_htmx(request):
        return render(request, "invitations/_user_results.html", context)
    return render(request, "invitations/user_search.html", context | {"form": form})


def _slot_availability(request: HttpRequest, event_id: str, people: list[Person]) -> dict[str, str]:
    """busy / free / unknown for each person during the event."""
    if not people:
        return {}
    event = Event.parse(run(request, event_operations.EVENT, {"id": event_id}).get("event"))
    if event is None:
        return {}
    return slot_status(request, [p.id for p in people], event.starts_at, event.ends_at)


@login_required
@get_only
def find_time(request: HttpRequest, event_id: str) -> HttpResponse:
    """The next free slots for the event's owner and invitees (fragment)."""
    proposal = find_a_time(request, event_id)
    return render(request, "invitations/_find_time.html", {"proposal": proposal})
