"""What every router answer must be, whatever the request: a GraphQL body with stable codes."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import httpx

# README "Error codes" plus what the router itself emits (router/authorization,
# router/pipeline/parse: parse and validation failures).
STABLE_CODES = frozenset(
    {
        "UNAUTHENTICATED",
        "FORBIDDEN",
        "BAD_USER_INPUT",
        "NOT_FOUND",
        "REFERENCE_NOT_FOUND",
        "CONFLICT",
        "SUBGRAPH_UNAVAILABLE",
        "QUERY_TOO_COMPLEX",
        "COST_ESTIMATED_TOO_EXPENSIVE",
        "INTROSPECTION_DISABLED",
        "BAD_REQUEST",
        "RATE_LIMITED",
        "INTERNAL_SERVER_ERROR",
        "UNAUTHORIZED_FIELD_OR_TYPE",
        "GRAPHQL_PARSE_FAILED",
        "GRAPHQL_VALIDATION_FAILED",
    }
)
# Text that only a leaked stack trace or internal detail would contain (in error messages;
# data may echo anything a client stored).
_LEAK = re.compile(
    r"Traceback|File \"[^\"]+\", line \d+|\.py\b|site-packages|pymongo|strawberry\.|"
    r"Exception\b|Error\(|0x[0-9a-f]{6,}",
)


def graphql_body(response: httpx.Response) -> dict[str, Any]:
    """Assert ``response`` is a well-formed GraphQL answer with stable codes; return its body.

    - a JSON object with ``data`` and/or ``errors`` (and nothing but ``extensions`` besides);
    - every error has a non-empty message and an ``extensions.code`` from the stable list,
      never ``INTERNAL_SERVER_ERROR`` (an unexpected failure is a bug to fix);
    - no stack trace or internal path anywhere in the body;
    - a 5xx status only with such a body (and never 500).
    """
    text = response.text
    assert "Traceback (most recent call last)" not in text, text[:2000]
    try:
        body = response.json()
    except json.JSONDecodeError as undecodable:
        status = response.status_code
        raise AssertionError(f"not JSON (HTTP {status}): {text[:500]}") from undecodable
    assert isinstance(body, dict), body
    assert {"data", "errors"} & body.keys(), body
    assert body.keys() <= {"data", "errors", "extensions"}, body
    errors = body.get("errors")
    if errors is not None or response.status_code >= 400:
        assert isinstance(errors, list) and errors, body
    for error in errors or []:
        assert isinstance(error, dict) and isinstance(error.get("message"), str), error
        assert error["message"].strip(), error
        leak = _LEAK.search(json.dumps(error, ensure_ascii=False))
        assert leak is None, f"internal details leaked ({leak.group()!r}): {error}"
        code = (error.get("extensions") or {}).get("code")
        assert code in STABLE_CODES, f"unstable or missing code {code!r}: {error}"
        assert code != "INTERNAL_SERVER_ERROR", f"internal error (a bug): {body}"
    assert response.status_code != 500, body
    assert response.headers["content-type"].split(";")[0] in (
        "application/json",
        "application/graphql-response+json",
    ), response.headers
    return body


def error_codes(body: Mapping[str, Any]) -> list[str]:
    """The ``extensions.code`` of each error of a body checked by :func:`graphql_body`."""
    return [error["extensions"]["code"] for error in body.get("errors") or []]
