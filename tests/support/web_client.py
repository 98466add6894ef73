"""A cookie-keeping HTTP client that submits the web app's forms as a browser would."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.support.accounts import PASSWORD


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


class WebClient:
    """The web app as a browser without JavaScript uses it."""

    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=30.0)

    def submit(self, page: str, action: str, fields: dict[str, str] | None = None) -> Any:
        token = csrf_token(self.http.get(page).text)
        data = {"csrfmiddlewaretoken": token, **(fields or {})}
        return self.http.post(action, data=data, headers={"referer": str(self.http.base_url)})

    def log_in(self, username: str, password: str = PASSWORD) -> None:
        fields = {"username": username, "password": password}
        response = self.submit("/accounts/login/", "/accounts/login/", fields)
        assert response.status_code == 302, response.text

    def close(self) -> None:
        self.http.close()
