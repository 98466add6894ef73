"""Resolving found references through their owning subgraphs (one ``_entities`` call each)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from router.errors import SubgraphUnavailable
from router.interfaces import RequestContext, SubgraphTransport
from router.references.collect import FoundReference

_QUERY = (
    "query ReferenceCheck($representations: [_Any!]!) "
    "{ _entities(representations: $representations) { %s } }"
)


def representation_key(representation: dict[str, Any]) -> str:
    """A stable identity for batching equal representations."""
    return json.dumps(representation, sort_keys=True, separators=(",", ":"))


@dataclass
class OwnerAnswer:
    """What one owning subgraph said: the representations that exist, or why it could not."""

    existing: set[str] = field(default_factory=set)
    unavailable: SubgraphUnavailable | None = None  # when the subgraph could not answer
    errors: list[Any] = field(default_factory=list)  # its errors, when it gave no entities

    @property
    def failed(self) -> bool:
        return self.unavailable is not None or bool(self.errors)


@dataclass
class _Batch:
    types: set[str] = field(default_factory=set)
    representations: dict[str, dict[str, Any]] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        fragments = " ".join(f"... on {name} {{ __typename }}" for name in sorted(self.types))
        return {
            "query": _QUERY % fragments,
            "operationName": "ReferenceCheck",
            "variables": {"representations": list(self.representations.values())},
        }


async def _ask(
    transport: SubgraphTransport, subgraph: str, batch: _Batch, context: RequestContext
) -> OwnerAnswer:
    try:
        response = await transport.fetch(subgraph, batch.body(), context)
    except SubgraphUnavailable as error:
        return OwnerAnswer(unavailable=error)
    data = response.get("data") if isinstance(response, dict) else None
    entities = data.get("_entities") if isinstance(data, dict) else None
    if not isinstance(entities, list) or len(entities) != len(batch.representations):
        errors = response.get("errors") if isinstance(response, dict) else None
        if isinstance(errors, list) and errors:
            return OwnerAnswer(errors=errors)
        invalid = SubgraphUnavailable(subgraph, "invalid _entities response", "BAD_RESPONSE")
        return OwnerAnswer(unavailable=invalid)
    return OwnerAnswer(
        existing={
            key
            for key, entity in zip(batch.representations, entities, strict=True)
            if entity is not None
        }
    )


async def resolve_references(
    transport: SubgraphTransport, references: Sequence[FoundReference], context: RequestContext
) -> dict[str, OwnerAnswer]:
    """Owning subgraph -> its answer, asking every owner once and in parallel.

    The caller's context goes along: an entity the caller may not see does not exist.
    """
    batches: dict[str, _Batch] = {}
    for reference in references:
        batch = batches.setdefault(reference.target.subgraph, _Batch())
        batch.types.add(reference.target.type_name)
        batch.representations.setdefault(
            representation_key(reference.representation), reference.representation
        )
    owners = sorted(batches)
    answers = await asyncio.gather(
        *(_ask(transport, owner, batches[owner], context) for owner in owners)
    )
    return dict(zip(owners, answers, strict=True))
