"""Admit a document: its parsed operation from the engine's cache, limits checked once.

A repeated request costs one cache lookup; the limit check is recorded on the cached entry.
Documents not parsed yet are measured (size, tokens, nesting) before the engine parses them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from router.errors import RequestError
from router.http.core import GraphQLEngine
from router.http.errors import error_body
from router.http.limits import DocumentLimits, operation_violation, source_violation
from router.http.params import GraphQLParams
from router.trusted import DocumentRefused, DocumentResolver

if TYPE_CHECKING:
    from router.pipeline.parse import ParsedOperation


def admit(
    engine: GraphQLEngine, limits: DocumentLimits, query: str, operation_name: str | None
) -> ParsedOperation | str:
    """The parsed operation (with ``limit_violation`` recorded), or the source's violation.

    May raise the engine's ``RequestError`` (parse and validation errors).
    """
    parsed = engine.operations.get(query, operation_name)
    if parsed is not None and parsed.limits_checked:
        return parsed
    violation = source_violation(query, limits)
    if violation is not None:
        return violation
    if parsed is None:
        parsed = engine.prepare(query, operation_name)
    parsed.limit_violation = operation_violation(parsed.document, operation_name, limits)
    parsed.limits_checked = True
    return parsed


def admit_params(
    engine: GraphQLEngine,
    limits: DocumentLimits,
    documents: DocumentResolver,
    params: GraphQLParams,
) -> ParsedOperation:
    """The parsed operation of a request's parameters (trusted documents resolved, limits
    checked); ``RequestError`` when it is refused."""
    try:
        query = documents.resolve(params.query, params.document_id, params.extensions)
    except DocumentRefused as refused:
        raise RequestError(error_body(refused.message, refused.code)["errors"]) from None
    parsed = admit(engine, limits, query, params.operation_name)
    if isinstance(parsed, str):
        raise RequestError(error_body(parsed, "QUERY_TOO_COMPLEX")["errors"])
    if parsed.limit_violation is not None:
        raise RequestError(error_body(parsed.limit_violation, "QUERY_TOO_COMPLEX")["errors"])
    return parsed
