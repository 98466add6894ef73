"""Import an ``.ics`` file: upload and preview, then confirm (nothing is stored before)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from webapp.core.auth import login_required
from webapp.core.backend import run
from webapp.core.methods import get_or_post, post_only
from webapp.core.router_client import OperationFailed
from webapp.core.rule_words import describe_rule
from webapp.core.session import request_viewer
from webapp.imports import operations
from webapp.imports.forms import UploadForm
from webapp.imports.parsing import CalendarFileError, ImportedEvent, parse_calendar

PENDING = "imports:pending"  # the session key of the events waiting for confirmation


@login_required
@get_or_post
def upload(request: HttpRequest) -> HttpResponse:
    """The upload form; a readable file gives the preview, a bad one a message (400)."""
    if request.method != "POST":
        return render(request, "imports/upload.html", {"form": UploadForm()})
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "imports/upload.html", {"form": form}, status=400)
    uploaded = form.cleaned_data["calendar_file"]
    try:
        events = parse_calendar(uploaded.read(), request_viewer(request).time_zone)
    except CalendarFileError as error:
        form.add_error("calendar_file", str(error))
        return render(request, "imports/upload.html", {"form": form}, status=400)
    uids = [event.uid for event in events]
    known = set(run(request, operations.IMPORTED_UIDS, {"uids": uids}).require("myImportedUids"))
    request.session[PENDING] = [event.as_input() for event in events]
    rows = [_row(event, event.uid in known) for event in events]
    return render(
        request,
        "imports/preview.html",
        {"rows": rows, "new": sum(not row["known"] for row in rows), "name": uploaded.name},
    )


def _row(event: ImportedEvent, known: bool) -> dict[str, Any]:
    return {
        "event": event,
        "known": known,
        "repeats": describe_rule(event.rule, event.starts_at, event.time_zone)
        if event.rule
        else "",
    }


@login_required
@post_only
def confirm(request: HttpRequest) -> HttpResponse:
    pending = request.session.pop(PENDING, None)
    if not pending:
        messages.error(request, "There is nothing to import; upload the file again.")
        return HttpResponseRedirect(reverse("imports:upload"))
    try:
        result = run(request, operations.IMPORT_EVENTS, {"events": pending}).require("importEvents")
    except OperationFailed as failure:
        form = UploadForm()
        message = f"Nothing was imported: {failure}"
        context = {"form": form, "failure": message}
        return render(request, "imports/upload.html", context, status=400)
    created, skipped = len(result["created"]), len(result["skippedUids"])
    text = f"Imported {created} event{'s' if created != 1 else ''}."
    if skipped:
        text += f" {skipped} already in your calendar {'was' if skipped == 1 else 'were'} skipped."
    messages.success(request, text)
    return HttpResponseRedirect(reverse("calendar:month"))
