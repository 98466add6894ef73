"""Automatic persisted queries (opt-in): documents registered on first use, kept in an LRU."""

from __future__ import annotations

from collections import OrderedDict


class AutomaticRegistry:
    """At most ``size`` documents by hash; the least recently used one is forgotten first."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._documents: OrderedDict[str, str] = OrderedDict()

    def get(self, digest: str) -> str | None:
        found = self._documents.get(digest)
        if found is not None:
            self._documents.move_to_end(digest)
        return found

    def register(self, digest: str, document: str) -> None:
        self._documents[digest] = document
        self._documents.move_to_end(digest)
        if len(self._documents) > self._size:
            self._documents.popitem(last=False)
