"""Entity ids: new ones, the caller's id, ids of entity references, ordering a batch by its
keys. Parsing an id argument is ``validation.object_id``."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

from bson import ObjectId

from subgraphs.common.context import SubgraphContext
from subgraphs.common.errors import BadUserInput, Unauthenticated
from subgraphs.common.validation import object_id


def new_id() -> ObjectId:
    """A new document id: 96 random bits in ObjectId form (24 hex digits).

    Not MongoDB's default, whose timestamp and counter make the next id guessable from one
    known id. Every subgraph creates ids here, so every public id is unguessable.
    """
    return ObjectId(secrets.token_bytes(12))


def optional_id(value: str) -> ObjectId | None:
    """The id of an entity reference, or ``None`` when it cannot be one of ours."""
    try:
        return object_id(value, "id")
    except BadUserInput:
        return None


def viewer_id(context: SubgraphContext[Any]) -> ObjectId:
    """The authenticated caller's user id, or UNAUTHENTICATED."""
    user_id = optional_id(context.require_viewer().user_id)
    if user_id is None:
        raise Unauthenticated("The token does not name a valid user.")
    return user_id


def ordered_by_keys[K: Hashable, V](
    keys: Sequence[K], values: Iterable[V], key: Callable[[V], K]
) -> list[V | None]:
    """Arrange ``values`` in the order of ``keys`` (``None`` where a key has no value)."""
    found = {key(value): value for value in values}
    return [found.get(k) for k in keys]
