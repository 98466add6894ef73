"""Admit a document: its parsed operation from the engine's cache, limits checked once.

A repeated request costs one cache lookup; the limit check is recorded on the cached entry.
Documents not parsed yet are measured (size, tokens, nesting) before the engine parses them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from router.http.core import GraphQLEngine
from router.http.limits import DocumentLimits, operation_violation, source_violation

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
