"""Prepared operations cached together with their limit check, keyed by (document, name).

A cache hit costs one dict lookup: no engine call, no re-measuring.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from graphql.language import DocumentNode, OperationDefinitionNode

from router.http.limits import DocumentLimits, operation_violation, source_violation


class PreparedOperation(Protocol):
    """What the HTTP layer reads from the engine's prepared operation."""

    @property
    def operation_type(self) -> Any: ...

    @property
    def document(self) -> DocumentNode: ...


class GraphQLEngine(Protocol):
    """The part of ``router.engine.Engine`` the HTTP layer uses."""

    @property
    def subgraph_urls(self) -> dict[str, str]: ...

    def prepare(self, document: str, operation_name: str | None) -> Any: ...

    async def execute(
        self, prepared: Any, variables: dict[str, Any], context: Any
    ) -> dict[str, Any]: ...


@dataclass(slots=True)
class CheckedOperation:
    """An engine-prepared operation plus what the HTTP layer needs to know about it."""

    prepared: Any
    operation_type: str
    violation: str | None
    operation_name: str | None = None  # the requested name, else the document's (for logs)


class OperationCache:
    """Prepare and limit-check documents once; successful checks and limit failures are kept."""

    def __init__(self, engine: GraphQLEngine, limits: DocumentLimits, size: int) -> None:
        self._engine = engine
        self._limits = limits
        self._size = size
        self._entries: dict[tuple[str, str | None], CheckedOperation] = {}

    def source_violation(self, query: str) -> str | None:
        """Size/token/nesting check, for documents not in the cache yet."""
        return source_violation(query, self._limits)

    def lookup(self, query: str, operation_name: str | None) -> CheckedOperation | None:
        return self._entries.get((query, operation_name))

    def prepare(self, query: str, operation_name: str | None) -> CheckedOperation:
        """Prepare through the engine (may raise its ``RequestError``) and measure."""
        prepared: PreparedOperation = self._engine.prepare(query, operation_name)
        operation_type = prepared.operation_type
        checked = CheckedOperation(
            prepared=prepared,
            operation_type=str(getattr(operation_type, "value", operation_type)).lower(),
            violation=operation_violation(prepared.document, operation_name, self._limits),
            operation_name=operation_name or _first_operation_name(prepared.document),
        )
        entries = self._entries
        if len(entries) >= self._size:
            del entries[next(iter(entries))]
        entries[(query, operation_name)] = checked
        return checked


def _first_operation_name(document: DocumentNode) -> str | None:
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            return definition.name.value if definition.name is not None else None
    return None
