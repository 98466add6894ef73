"""Pages sent in document order while a slow part loads: everything before the deferred
region goes out at once, the region when its data is in, then the rest of the page.

No script is involved, so the page reads the same with JavaScript off; the template marks
where the region goes with :data:`DEFERRED_REGION`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any

from asgiref.sync import sync_to_async
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string

DEFERRED_REGION = "<!--fedcal:deferred-region-->"
HTML = "text/html; charset=utf-8"


def page_with_deferred_region(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any],
    *,
    region: Callable[[], str],
    release: Callable[[], None] = lambda: None,
) -> HttpResponse:
    """``template`` rendered now and streamed; ``region()`` (blocking: it waits for the
    deferred data, then renders) fills the marked place. ``release`` runs when the response
    ends, also when the browser goes away first."""
    page = render_to_string(template, dict(context), request)
    head, marker, tail = page.partition(DEFERRED_REGION)
    if not marker:
        release()
        return HttpResponse(page, content_type=HTML)
    return StreamingHttpResponse(_parts(head, region, tail, release), content_type=HTML)


async def _parts(
    head: str, region: Callable[[], str], tail: str, release: Callable[[], None]
) -> AsyncIterator[bytes]:
    try:
        yield head.encode()
        yield (await sync_to_async(region, thread_sensitive=False)()).encode()
        yield tail.encode()
    finally:
        release()
