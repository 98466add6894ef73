"""Small HTTP helpers shared by the router HTTP-layer tests."""

from __future__ import annotations

from typing import Any

import httpx

GRAPHQL_RESPONSE = "application/graphql-response+json"
PREFLIGHT = {"graphql-preflight": "1"}


def post(
    base: str, body: Any, *, accept: str | None = None, headers: dict[str, str] | None = None
) -> httpx.Response:
    """POST a JSON body to ``/graphql``."""
    sent = {"content-type": "application/json", **(headers or {})}
    if accept is not None:
        sent["accept"] = accept
    return httpx.post(f"{base}/graphql", json=body, headers=sent, timeout=10)


def error_codes(response: httpx.Response) -> list[str]:
    return [error.get("extensions", {}).get("code") for error in response.json()["errors"]]
