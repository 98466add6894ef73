"""The operation cache: parsed operations by (document, operation name), one bounded LRU.

The engine fills it; the HTTP layer reads it first, so a repeated request costs one lookup
(its limit check is recorded on the entry).
"""

from __future__ import annotations

from collections import OrderedDict

from router.pipeline.parse import ParsedOperation

type OperationKey = tuple[str, str | None]


class OperationCache:
    """At most ``size`` parsed operations; the least recently used one is dropped first."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[OperationKey, ParsedOperation] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, document: str, operation_name: str | None) -> ParsedOperation | None:
        key = (document, operation_name)
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def recent(self, limit: int) -> list[tuple[OperationKey, ParsedOperation]]:
        """Up to ``limit`` entries, the most recently used first (to warm a new engine)."""
        entries = list(self._entries.items())
        entries.reverse()
        return entries[:limit]

    def add(self, document: str, operation_name: str | None, parsed: ParsedOperation) -> None:
        self._entries[(document, operation_name)] = parsed
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
