"""GraphQL request parameters from a GET query string or a POST JSON body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

import orjson

from router.http.errors import HttpError

_KNOWN = frozenset(("query", "operationName", "variables", "extensions", "documentId"))


@dataclass(slots=True)
class GraphQLParams:
    """The GraphQL-over-HTTP parameters, type-checked; ``query`` may be missing only when
    ``document_id`` or ``extensions.persistedQuery`` names a trusted document instead."""

    query: str | None
    operation_name: str | None
    variables: dict[str, Any] | None
    extensions: dict[str, Any] | None
    document_id: str | None = None


def params_from_json_body(body: bytes) -> GraphQLParams:
    """Decode a POST body (``application/json``) into parameters, or raise a 400."""
    if not body.strip():
        raise HttpError(400, "The request body is empty: send a JSON object with a query.")
    try:
        decoded = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise HttpError(400, "The request body is not valid JSON.") from None
    if isinstance(decoded, list):
        raise HttpError(400, "Batched requests (a JSON array) are not supported.")
    if not isinstance(decoded, dict):
        raise HttpError(400, "The request body must be a JSON object.")
    return _checked(decoded)


def params_from_query_string(query_string: bytes) -> GraphQLParams:
    """Decode GET parameters; ``variables``/``extensions`` are JSON-encoded strings."""
    try:
        pairs = parse_qs(query_string.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        raise HttpError(400, "The query string is not valid UTF-8.") from None
    raw: dict[str, Any] = {}
    for name, values in pairs.items():
        if name not in _KNOWN:
            continue
        if len(values) > 1:
            raise HttpError(400, f"The parameter {name!r} is given more than once.")
        raw[name] = values[0]
    for name in ("variables", "extensions"):
        text = raw.get(name)
        if text is None or text == "":
            raw.pop(name, None)
            continue
        try:
            raw[name] = orjson.loads(text)
        except orjson.JSONDecodeError:
            raise HttpError(400, f"The {name!r} parameter is not valid JSON.") from None
    if raw.get("operationName") == "":
        raw.pop("operationName")
    return _checked(raw)


def has_query_parameter(query_string: bytes) -> bool:
    """Whether a GET carries a ``query`` parameter (a browser visit to GraphiQL does not)."""
    return any(part.split(b"=", 1)[0] == b"query" for part in query_string.split(b"&") if part)


def _checked(raw: dict[str, Any]) -> GraphQLParams:
    query = raw.get("query")
    document_id = raw.get("documentId")
    if document_id is not None and (not isinstance(document_id, str) or not document_id):
        raise HttpError(400, "The 'documentId' parameter must be a non-empty string.")
    if query is not None:
        if not isinstance(query, str):
            raise HttpError(400, "The 'query' parameter must be a string.")
        if not query.strip():
            raise HttpError(400, "The 'query' parameter is empty.")
    operation_name = raw.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise HttpError(400, "The 'operationName' parameter must be a string or null.")
    variables = raw.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise HttpError(400, "The 'variables' parameter must be an object or null.")
    extensions = raw.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise HttpError(400, "The 'extensions' parameter must be an object or null.")
    if query is None and document_id is None and "persistedQuery" not in (extensions or {}):
        raise HttpError(400, "Missing the 'query' parameter.")
    return GraphQLParams(query, operation_name, variables, extensions, document_id)
