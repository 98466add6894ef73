"""Who owns a referenced entity type, and how a marked value becomes its representation.

The owner is the subgraph that, among those resolving the type through a ``@key``, resolves
the most of its fields itself (not ``@external``, not overridden away): stub declarations
such as ``type User @key(fields: "id") { id: ID! }`` in other subgraphs resolve any id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    GraphQLInputObjectType,
    GraphQLNamedType,
    SelectionSetNode,
    is_leaf_type,
)

from router.references.marks import ReferenceConfigError
from router.supergraph.model import EntityKey, Supergraph, TypeInfo


@dataclass(frozen=True)
class ReferenceTarget:
    """Where and how one kind of marked value is resolved: ``_entities`` of ``subgraph``."""

    type_name: str
    subgraph: str
    key: SelectionSetNode
    single_field: str | None  # set when the marked value is the whole (one-field) key

    def representation(self, value: Any) -> dict[str, Any]:
        """The ``_Any`` representation for a JSON-ready marked value."""
        if self.single_field is not None:
            return {"__typename": self.type_name, self.single_field: value}
        return {"__typename": self.type_name, **_project(value, self.key)}

    def describe(self, representation: dict[str, Any]) -> str:
        """``id "42"`` / ``building "A", number 3`` for error messages."""
        return ", ".join(
            f"{name} {json.dumps(value)}"
            for name, value in representation.items()
            if name != "__typename"
        )


def _project(value: Any, selection: SelectionSetNode) -> dict[str, Any]:
    projected: dict[str, Any] = {}
    for node in selection.selections:
        assert isinstance(node, FieldNode)  # checked by _key_fits
        item = value.get(node.name.value) if isinstance(value, dict) else None
        if node.selection_set is not None and isinstance(item, dict):
            item = _project(item, node.selection_set)
        projected[node.name.value] = item
    return projected


def _resolved_field_count(info: TypeInfo, graph: str) -> int:
    return sum(
        1
        for field in info.fields.values()
        if (entry := field.graphs.get(graph)) is not None
        and not entry.external
        and not entry.used_overridden
    )


def owning_subgraph(supergraph: Supergraph, type_name: str) -> str:
    """The subgraph that owns entity ``type_name`` (raises when it cannot be told)."""
    info = supergraph.types.get(type_name)
    if info is None or info.kind not in ("object", "interface"):
        raise ReferenceConfigError(f"@references(type: {type_name!r}): not an object type.")
    counts = {
        graph: _resolved_field_count(info, graph)
        for graph in sorted(info.graphs)
        if info.resolvable_keys(graph)
    }
    if not counts:
        raise ReferenceConfigError(
            f"@references(type: {type_name!r}): no subgraph resolves {type_name} by a @key."
        )
    most = max(counts.values())
    owners = [graph for graph, count in counts.items() if count == most]
    if len(owners) > 1:
        raise ReferenceConfigError(
            f"Cannot tell which subgraph owns {type_name} for reference checks: "
            f"{', '.join(repr(graph) for graph in owners)} each resolve {most} of its fields "
            "by a @key."
        )
    return owners[0]


def _key_fits(selection: SelectionSetNode, value_type: GraphQLInputObjectType) -> bool:
    """Whether every field of the key can be read from an input object of ``value_type``."""
    for node in selection.selections:
        if not isinstance(node, FieldNode):
            return False
        field = value_type.fields.get(node.name.value)
        if field is None:
            return False
        named: Any = field.type
        while hasattr(named, "of_type"):
            named = named.of_type
        if node.selection_set is None:
            if not is_leaf_type(named):
                return False
        elif not (
            isinstance(named, GraphQLInputObjectType) and _key_fits(node.selection_set, named)
        ):
            return False
    return True


def _single_field(key: EntityKey) -> str | None:
    (node, *rest) = key.selection.selections
    if rest or not isinstance(node, FieldNode) or node.selection_set is not None:
        return None
    return node.name.value


def reference_target(
    supergraph: Supergraph, type_name: str, value_type: GraphQLNamedType, where: str
) -> ReferenceTarget:
    """How values of ``value_type`` marked at ``where`` are checked against ``type_name``.

    A leaf value (``ID``, ``String``…) needs a single-field key; an input-object value needs
    a key whose fields (nested ones too) are all fields of that input object.
    """
    owner = owning_subgraph(supergraph, type_name)
    keys = supergraph.types[type_name].resolvable_keys(owner)
    for key in keys:
        if is_leaf_type(value_type):
            single = _single_field(key)
            if single is not None:
                return ReferenceTarget(type_name, owner, key.selection, single)
        elif isinstance(value_type, GraphQLInputObjectType) and _key_fits(
            key.selection, value_type
        ):
            return ReferenceTarget(type_name, owner, key.selection, None)
    shapes = ", ".join(repr(key.fields) for key in keys)
    raise ReferenceConfigError(
        f"{where} references {type_name}, but no @key of {type_name} in subgraph '{owner}' "
        f"({shapes}) can be built from a {value_type.name} value: mark a single-field key's "
        "value, or an input object that has every field of a key."
    )
