"""The event's guest list fragment and the owner's actions on it (remove, invite again)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from webapp.core.auth import login_required
from webapp.core.backend import run
from webapp.core.entities import Person
from webapp.core.htmx import (
    CALENDAR_CHANGED,
    INVITATIONS_CHANGED,
    PARTICIPANTS_CHANGED,
    is_htmx,
    trigger,
)
from webapp.core.methods import get_only, post_only
from webapp.core.middleware import not_found_if_bad_id
from webapp.core.router_client import OperationFailed
from webapp.core.session import request_viewer
from webapp.events import operations
from webapp.events.details import invitations, people
from webapp.events.guests import guest_list
from webapp.invitations import operations as invitation_operations


def render_guests(request: HttpRequest, event_id: str, notice: str = "") -> HttpResponse:
    result = run(request, operations.EVENT_GUESTS, {"id": event_id})
    not_found_if_bad_id(result)
    event = result.get("event")
    with_invitations = result.get("withInvitations")
    owner = Person.parse(event.get("owner")) if isinstance(event, dict) else None
    context = {
        "event_id": event_id,
        "owner": owner,
        "is_owner": owner is not None and owner.id == request_viewer(request).id,
        "guests": guest_list(
            people(event.get("participants")) if isinstance(event, dict) else None,
            invitations(with_invitations.get("invitations"))
            if isinstance(with_invitations, dict)
            else None,
        ),
        "notice": notice,
    }
    return render(request, "events/_guests.html", context)


@login_required
@get_only
def guests(request: HttpRequest, event_id: str) -> HttpResponse:
    """The guest list (polled, and refreshed on ``participants-changed``)."""
    return render_guests(request, event_id)


def _after_change(request: HttpRequest, event_id: str, done: str, failure: str) -> HttpResponse:
    if not is_htmx(request):
        (messages.error if failure else messages.success)(request, failure or done)
        return HttpResponseRedirect(reverse("events:detail", args=[event_id]))
    response = render_guests(request, event_id, failure or done)
    if failure:
        return response
    return trigger(response, PARTICIPANTS_CHANGED, INVITATIONS_CHANGED, CALENDAR_CHANGED)


@login_required
@post_only
def remove_guest(request: HttpRequest, event_id: str, user_id: str) -> HttpResponse:
    """The owner takes someone off the event (participation, invitation and access)."""
    variables = {"eventId": event_id, "userId": user_id}
    try:
        run(request, operations.REMOVE_GUEST, variables).require("removeParticipant")
    except OperationFailed as failed:
        return _after_change(request, event_id, "", str(failed))
    return _after_change(request, event_id, "Removed from the event.", "")


@login_required
@post_only
def reinvite(request: HttpRequest, event_id: str, invitation_id: str) -> HttpResponse:
    """A declined invitation is withdrawn and sent again (the answer starts over)."""
    invitee_id = str(request.POST.get("invitee_id") or "")
    try:
        run(request, operations.CANCEL_INVITATION, {"id": invitation_id}).require(
            "cancelInvitation"
        )
        variables = {"eventId": event_id, "inviteeId": invitee_id}
        run(request, invitation_operations.INVITE, variables).require("invite")
    except OperationFailed as failed:
        return _after_change(request, event_id, "", str(failed))
    return _after_change(request, event_id, "Invited again.", "")
