"""Per-request viewer + time zone, and friendly pages for router failures."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone

from webapp.core.auth import login_url
from webapp.core.dates import zone
from webapp.core.router_client import (
    GraphQLError,
    GraphQLResult,
    OperationFailed,
    RouterUnavailable,
    SessionExpired,
)
from webapp.core.session import current_viewer, sign_out

UNAVAILABLE_MESSAGE = "The calendar service is unavailable right now. Please try again shortly."
STATUS_BY_CODE = {"NOT_FOUND": 404, "REFERENCE_NOT_FOUND": 404, "FORBIDDEN": 403}


NOT_FOUND_MESSAGE = "There is nothing at this address: the link is not valid."


def names_an_id(failure: OperationFailed) -> bool:
    """The router refused an id argument (``id``, ``eventId``…): the URL holding it is bad.
    Form fields are mapped by their views, so only ids from the address get here."""
    return failure.code == "BAD_USER_INPUT" and refuses_an_id(failure.errors)


def refuses_an_id(errors: Iterable[GraphQLError]) -> bool:
    return any(
        error.code == "BAD_USER_INPUT"
        and error.input_field is not None
        and (error.input_field == "id" or error.input_field.endswith("Id"))
        for error in errors
    )


def not_found_if_bad_id(result: GraphQLResult) -> None:
    """404 when the router refused an id taken from the address (fragments use this)."""
    if refuses_an_id(result.errors):
        raise Http404(NOT_FOUND_MESSAGE)


class ViewerMiddleware:
    """Expose ``request.viewer`` and show every time in the viewer's zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        viewer = current_viewer(request)
        request.viewer = viewer
        timezone.activate(zone(viewer.time_zone if viewer else None))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


class RouterErrorMiddleware:
    """Turn router exceptions escaping a view into pages a person can act on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RouterUnavailable):
            return self._problem(request, UNAVAILABLE_MESSAGE, 503, "core/unavailable.html")
        if isinstance(exception, SessionExpired) or (
            isinstance(exception, OperationFailed) and exception.code == "UNAUTHENTICATED"
        ):
            sign_out(request)
            messages.info(request, "Your session has ended. Please log in again.")
            target = login_url(request.get_full_path())
            if _is_htmx(request):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            return HttpResponseRedirect(target)
        if isinstance(exception, OperationFailed) and names_an_id(exception):
            return self._problem(request, NOT_FOUND_MESSAGE, 404, "core/error.html")
        if isinstance(exception, OperationFailed):
            status = STATUS_BY_CODE.get(exception.code, 502)
            if exception.code in ("SUBGRAPH_UNAVAILABLE",):
                return self._problem(request, UNAVAILABLE_MESSAGE, 503, "core/unavailable.html")
            return self._problem(request, str(exception), status, "core/error.html")
        return None

    @staticmethod
    def _problem(request: HttpRequest, message: str, status: int, template: str) -> HttpResponse:
        if _is_htmx(request):
            # htmx swaps only 2xx answers: show the message where the fragment would go.
            return render(request, "core/_problem.html", {"message": message})
        return render(request, template, {"message": message}, status=status)
