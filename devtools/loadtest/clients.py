"""HTTP clients a simulated user holds: a browser-like one for the web app (session cookie,
CSRF token from the forms, htmx requests like the pages send) and a GraphQL one for the API.

Both raise :class:`ActionFailed` when an answer is not what a working platform gives.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

import httpx

from devtools.loadtest.recorder import ActionFailed

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Problems the web app shows instead of (part of) a page: router errors, missing data.
NOTICE = re.compile(
    r'<(?:p|div|aside)[^>]*class="notice notice-(?:error|partial)[^"]*"[^>]*>(.*?)</'
)
MESSAGE_ERROR = re.compile(r'<li class="message message-error">(.*?)</li>')
TAGS = re.compile(r"<[^>]+>")
# uvicorn closes idle connections after 5 s; a client that reuses one at that moment gets
# "server disconnected" (browsers silently retry). Idle connections are dropped before that.
LIMITS = httpx.Limits(keepalive_expiry=2.0)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(TAGS.sub(" ", fragment)).split())


class WebClient:
    """One browser: keeps the session and CSRF cookies; follows no redirect by itself."""

    def __init__(self, base_url: str, timeout: float) -> None:
        self.base_url = base_url
        self.http = httpx.AsyncClient(
            base_url=base_url, timeout=timeout, follow_redirects=False, limits=LIMITS
        )

    async def close(self) -> None:
        await self.http.aclose()

    async def page(self, path: str, *, htmx: bool = False) -> str:
        """GET a page (or an htmx fragment) that must render without a problem notice."""
        headers = {"HX-Request": "true"} if htmx else {}
        response = await self.http.get(path, headers=headers)
        return self._checked(response, path, expected=200)

    async def form_token(self, path: str) -> tuple[str, str]:
        """The page and the CSRF token of its form."""
        page = await self.page(path)
        match = CSRF_FIELD.search(page)
        if match is None:
            raise ActionFailed(f"GET {path}: no CSRF token in the form")
        return page, match[1]

    async def submit(
        self, path: str, token: str, fields: Mapping[str, str], *, htmx: bool = False
    ) -> httpx.Response:
        """POST a form like a browser (the htmx variant answers 200 with a fragment)."""
        headers = {"Origin": self.base_url, "Referer": f"{self.base_url}{path}"}
        if htmx:
            headers["HX-Request"] = "true"
        response = await self.http.post(
            path, data={"csrfmiddlewaretoken": token, **fields}, headers=headers
        )
        self._checked(response, f"POST {path}", expected=200 if htmx else 302)
        return response

    async def follow(self, response: httpx.Response) -> str:
        """GET where a form redirected to; the page must not show an error message."""
        location = response.headers.get("location", "")
        page = await self.page(location)
        problem = MESSAGE_ERROR.search(page)
        if problem is not None:
            raise ActionFailed(f"after POST: {_text(problem[1])}")
        return page

    @staticmethod
    def _checked(response: httpx.Response, what: str, expected: int) -> str:
        body = response.text
        if response.status_code != expected:
            where = response.headers.get("location", "")
            raise ActionFailed(f"{what}: HTTP {response.status_code} {where} {_text(body)[:120]}")
        notice = NOTICE.search(body)
        if notice is not None:
            raise ActionFailed(f"{what}: {_text(notice[1])}")
        return body


class ApiClient:
    """A third-party API client of the router (bearer token)."""

    def __init__(self, router_url: str, timeout: float) -> None:
        self.router_url = router_url
        self.token = ""
        self.http = httpx.AsyncClient(timeout=timeout, limits=LIMITS)

    async def close(self) -> None:
        await self.http.aclose()

    async def data(self, query: str, variables: Mapping[str, Any] | None = None) -> Any:
        """The ``data`` of an answer that must have no errors."""
        headers = {"authorization": f"Bearer {self.token}"} if self.token else {}
        response = await self.http.post(
            self.router_url,
            json={"query": query, "variables": dict(variables or {})},
            headers=headers,
        )
        if response.status_code != 200:
            raise ActionFailed(f"router: HTTP {response.status_code} {response.text[:160]}")
        body = response.json()
        errors = body.get("errors")
        if errors:
            first = errors[0]
            code = (first.get("extensions") or {}).get("code")
            raise ActionFailed(f"router: {code}: {first.get('message')} ({len(errors)} errors)")
        return body["data"]
