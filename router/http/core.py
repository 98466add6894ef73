"""The part of the router core the HTTP layer uses (``router.engine.Engine`` is one)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # the core is imported at startup, with the engine
    from router.pipeline.operations import OperationCache
    from router.pipeline.parse import ParsedOperation


class GraphQLEngine(Protocol):
    """Parses (through its operation cache), executes operations and subscribes;
    ``warm_from`` plans another engine's recent operations before a hot swap."""

    @property
    def subgraph_urls(self) -> dict[str, str]: ...

    @property
    def operations(self) -> OperationCache: ...

    def prepare(self, document: str, operation_name: str | None) -> ParsedOperation: ...

    def warm_from(self, previous: OperationCache, limit: int) -> int: ...

    def execute_incremental(
        self, parsed: ParsedOperation, variables: dict[str, Any], context: Any
    ) -> AsyncIterator[dict[str, Any]] | None: ...

    async def execute(
        self, parsed: ParsedOperation, variables: dict[str, Any], context: Any
    ) -> dict[str, Any]: ...

    async def subscribe(
        self, parsed: ParsedOperation, variables: dict[str, Any], context: Any
    ) -> AsyncIterator[dict[str, Any]] | dict[str, Any]: ...


EngineFactory = Callable[..., GraphQLEngine]
ContextFactory = Callable[..., Any]
