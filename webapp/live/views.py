"""The live event stream of a page, and the navigation's pending-invitations count."""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from plumbing.request_id import REQUEST_ID_HEADER, current_request_id
from webapp.core import credentials
from webapp.core.auth import login_required
from webapp.core.backend import browser_address, router_client, run
from webapp.core.methods import get_only
from webapp.core.router_client import RouterError, SessionExpired
from webapp.core.session import session_credential
from webapp.live import operations
from webapp.live.stream import LiveStream, RouterTarget
from webapp.live.topics import decode_cursors, requested, since_cursor

NO_STREAM = 204  # EventSource does not reconnect after a 204


async def stream(request: HttpRequest) -> HttpResponse:
    """``GET /live/stream?topics=invitations,events[&event=<id>][&since=<epoch ms>]``:
    server-sent events (``since``: when the page was rendered)."""
    if request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET"})
    credential_id = await sync_to_async(session_credential)(request)
    topics = requested(request.GET.get("topics", ""), request.GET.get("event"))
    if credential_id is None or not topics:
        return HttpResponse(status=NO_STREAM)

    async def token(refused: str | None) -> str:
        return await sync_to_async(_token)(credential_id, refused)

    try:
        await token(None)  # the session is still valid: else no stream at all
    except RouterError:
        return HttpResponse(status=NO_STREAM)
    headers = {}
    address = browser_address(request)
    if address:
        headers["x-forwarded-for"] = address
    request_id = current_request_id.get()
    if request_id:
        headers[REQUEST_ID_HEADER] = request_id
    target = RouterTarget(settings.ROUTER_URL, settings.ROUTER_SEND_DOCUMENT_IDS, headers)
    last_id = request.headers.get("Last-Event-ID")
    live = LiveStream(
        target,
        topics,
        decode_cursors(last_id, topics),
        token,
        request.GET.get("event"),
        since_cursor(request.GET.get("since")),
    )
    response = StreamingHttpResponse(live.events(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


def _token(credential_id: str, refused: str | None) -> str:
    """The session's access token (renewed when about to expire, or when ``refused``)."""
    credential = credentials.find(credential_id)
    if credential is None:
        raise SessionExpired("The session has ended.")
    client = router_client()
    if refused is not None and credential.access_token == refused:
        return str(credentials.renew(credential, client, refused=refused).access_token)
    return credentials.fresh_token(credential, client)


@login_required
@get_only
def pending_count(request: HttpRequest) -> HttpResponse:
    """The badge of pending invitations in the navigation (empty when there are none)."""
    result = run(request, operations.PENDING_COUNT)
    connection = result.get("myInvitations") or {}
    count = connection.get("totalCount") if isinstance(connection, dict) else None
    return render(request, "live/_pending_count.html", {"count": count or 0})
