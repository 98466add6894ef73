"""A bounded LRU map whose entries stop being returned at their own deadline."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable


class ExpiringCache[K: Hashable, V]:
    """At most ``max_entries``; an entry is served until ``deadline`` (a ``clock()`` value).

    ``clock`` defaults to wall-clock seconds, the unit of a JWT's ``exp``.
    """

    def __init__(self, max_entries: int, clock: Callable[[], float] = time.time) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def get(self, key: K) -> V | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        deadline, value = entry
        if self._clock() >= deadline:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    def put(self, key: K, value: V, deadline: float) -> None:
        self._entries[key] = (deadline, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
