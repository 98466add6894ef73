"""The edges of the query graph."""

from __future__ import annotations

from dataclasses import dataclass

from graphql import SelectionSetNode

from router.query_graph.provided import ProvidedTree


@dataclass(frozen=True, slots=True, eq=False)
class FieldEdge:
    """A field one subgraph declares on one of its types.

    `target` is the field's named type in that subgraph (narrower than the supergraph's when
    `@join__field(type:)` says so); `type_text` its full printed type there. An `external`
    field is resolvable only where a `@provides` makes it so; a `key_only` one (overridden
    away, still used by the subgraph's keys) only as part of an entity key.
    """

    subgraph: str
    parent: str
    name: str
    target: str
    type_text: str
    requires: SelectionSetNode | None = None
    provides: ProvidedTree | None = None
    external: bool = False
    key_only: bool = False


@dataclass(frozen=True, slots=True, eq=False)
class EntityJump:
    """An `_entities` call into `subgraph` through one of its resolvable keys.

    `entity_type` is the type the subgraph knows the object by: the object type itself, or an
    interface for `@interfaceObject` subgraphs and entity interfaces, in which case the
    representation carries that interface's name as `__typename` (`sent_typename`).
    """

    subgraph: str
    entity_type: str
    key: SelectionSetNode
    key_text: str
    sent_typename: str | None = None
