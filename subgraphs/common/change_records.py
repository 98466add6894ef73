"""The change feed's records: a change, its states, how a feed is read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from subgraphs.common.mongo import Document


class ChangeState(StrEnum):
    PENDING = "pending"
    COMMITTED = "committed"
    ABORTED = "aborted"


@dataclass(frozen=True)
class ChangeOptions:
    """How a feed is read; ``mode``: ``auto`` (change streams if the database has them),
    ``poll`` or ``watch``."""

    mode: str = "auto"
    poll_interval: float = 0.25
    grace: float = 5.0
    retention: timedelta = timedelta(hours=24)


@dataclass(frozen=True)
class Change:
    """One recorded change: ``audience`` are the user ids it concerns (None: anyone the
    subgraph's own filter admits), ``ids`` the entities it names."""

    sequence: int
    kind: str
    ids: Mapping[str, str]
    audience: frozenset[str] | None
    payload: Mapping[str, Any]
    at: datetime

    @property
    def cursor(self) -> str:
        """The resume token of a stream that delivered this change."""
        return str(self.sequence)

    def concerns(self, user_id: str) -> bool:
        return self.audience is None or user_id in self.audience


def change_of(document: Document) -> Change:
    audience = document.get("audience")
    return Change(
        sequence=document["_id"],
        kind=document["kind"],
        ids=document.get("ids") or {},
        audience=None if audience is None else frozenset(audience),
        payload=document.get("payload") or {},
        at=document["at"],
    )
