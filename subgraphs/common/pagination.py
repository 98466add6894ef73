"""Relay-style cursor pagination (``first``/``after``) over MongoDB, keyed by a sort field + _id."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
import strawberry
from bson import ObjectId

from subgraphs.common.errors import BadUserInput
from subgraphs.common.validation import object_id


@strawberry.federation.type(shareable=True)
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@dataclass(frozen=True)
class Cursor:
    """Position after a document: its sort value and id (ties broken by id)."""

    value: Any
    id: ObjectId

    def encode(self) -> str:
        value = self.value.isoformat() if isinstance(self.value, datetime) else self.value
        kind = "dt" if isinstance(self.value, datetime) else "raw"
        raw = orjson.dumps({"k": kind, "v": value, "i": str(self.id)})
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, cursor: str, field: str = "after") -> Cursor:
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            data = orjson.loads(base64.urlsafe_b64decode(padded))
            value = datetime.fromisoformat(data["v"]) if data["k"] == "dt" else data["v"]
            return cls(value, object_id(str(data["i"]), field))
        except (ValueError, KeyError, TypeError, BadUserInput) as error:
            raise BadUserInput(field, f"{field} is not a valid cursor.") from error


def after_filter(sort_field: str, cursor: Cursor | None) -> dict[str, Any]:
    """Mongo filter selecting documents strictly after ``cursor`` in (sort_field, _id) order."""
    if cursor is None:
        return {}
    return {
        "$or": [
            {sort_field: {"$gt": cursor.value}},
            {sort_field: cursor.value, "_id": {"$gt": cursor.id}},
        ]
    }


@dataclass(frozen=True)
class Page[T]:
    """One page of results plus what the connection needs to describe it."""

    items: list[T]
    has_next_page: bool
    end_cursor: str | None
