"""Which subgraph can resolve which field, and where an entity jump may go."""

from __future__ import annotations

from graphql import (
    FieldNode,
    GraphQLInterfaceType,
    GraphQLObjectType,
    SelectionSetNode,
    get_named_type,
)

from router.normalize.tree import NField, NSelection
from router.planner.override import entry_active
from router.planner.provided import ProvidedTree, provided_for_type, provided_tree
from router.supergraph.model import EntityKey, FieldInGraph, Supergraph


class Resolvability:
    """Answers "can subgraph S resolve T.f here?" for one supergraph and override setting."""

    def __init__(self, supergraph: Supergraph, enabled_labels: frozenset[str]) -> None:
        self.supergraph = supergraph
        self.enabled_labels = enabled_labels
        self._targets: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self._feasible: dict[tuple[str, int, int], bool] = {}

    def entry(self, graph: str, type_name: str, field_name: str) -> FieldInGraph | None:
        """The subgraph's declaration of a field, if any."""
        info = self.supergraph.types.get(type_name)
        if info is None or graph not in info.graphs:
            return None
        field = info.fields.get(field_name)
        return None if field is None else field.graphs.get(graph)

    def can_resolve(
        self,
        graph: str,
        type_name: str,
        field_name: str,
        provided: ProvidedTree | None,
        for_key: bool = False,
    ) -> bool:
        """Whether `graph` returns `type_name.field_name` at a position with `provided`."""
        if field_name == "__typename":
            return self.supergraph.graph_knows_type(graph, type_name)
        entry = self.entry(graph, type_name, field_name)
        if entry is None:
            return False
        if entry.external:
            return for_key or (provided is not None and field_name in provided)
        if for_key and entry.used_overridden:
            return True
        return entry_active(entry, self.enabled_labels)

    def provides(self, graph: str, type_name: str, field_name: str) -> ProvidedTree | None:
        """What the subgraph's `@provides` on this field makes local below it."""
        entry = self.entry(graph, type_name, field_name)
        if entry is None or entry.provides is None:
            return None
        return provided_tree(entry.provides)

    def jump_targets(self, type_name: str, field_name: str) -> list[tuple[str, str]]:
        """(subgraph, entity type there) pairs that resolve the field through `_entities`.

        The entity type differs from `type_name` when the field lives on an @interfaceObject.
        """
        cache_key = (type_name, field_name)
        cached = self._targets.get(cache_key)
        if cached is not None:
            return cached
        targets: list[tuple[str, str]] = []
        info = self.supergraph.types[type_name]
        for graph in self.supergraph.subgraphs:
            if info.resolvable_keys(graph) and self.can_resolve(graph, type_name, field_name, None):
                targets.append((graph, type_name))
        named = self.supergraph.schema.get_type(type_name)
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for interface in named.interfaces:
                iface = self.supergraph.types[interface.name]
                for graph, owner in iface.graphs.items():
                    if (
                        owner.is_interface_object
                        and iface.resolvable_keys(graph)
                        and self.can_resolve(graph, interface.name, field_name, None)
                        and (graph, interface.name) not in targets
                    ):
                        targets.append((graph, interface.name))
        self._targets[cache_key] = targets
        return targets

    def key_available(self, graph: str, type_name: str, key: EntityKey) -> bool:
        """Whether `graph` can return every field of `key` for an object of `type_name`."""
        return self._selection_available(graph, type_name, key.selection)

    def _selection_available(self, graph: str, type_name: str, selection: SelectionSetNode) -> bool:
        named = self.supergraph.schema.get_type(type_name)
        for node in selection.selections:
            if not isinstance(node, FieldNode):
                continue
            name = node.name.value
            if not self.can_resolve(graph, type_name, name, None, for_key=True):
                return False
            if node.selection_set is not None and isinstance(
                named, GraphQLObjectType | GraphQLInterfaceType
            ):
                child = get_named_type(named.fields[name].type).name
                if not self._selection_available(graph, child, node.selection_set):
                    return False
        return True

    def reachable_by_jump(self, graph: str, type_name: str, field: NField) -> bool:
        """Whether an entity jump from `graph` can fetch `field` of a `type_name` object."""
        for target, entity_type in self.jump_targets(type_name, field.name):
            if target == graph:
                continue
            keys = self.supergraph.types[entity_type].resolvable_keys(target)
            if any(self.key_available(graph, type_name, key) for key in keys) and (
                field.selection is None or self.feasible(target, field.selection, None)
            ):
                return True
        return False

    def feasible(self, graph: str, selection: NSelection, provided: ProvidedTree | None) -> bool:
        """Whether `graph` can serve a selection, possibly with entity jumps below it."""
        memo_key = (graph, id(selection), id(provided))
        cached = self._feasible.get(memo_key)
        if cached is None:
            cached = self._feasible[memo_key] = self._feasible_uncached(graph, selection, provided)
        return cached

    def _feasible_uncached(
        self, graph: str, selection: NSelection, provided: ProvidedTree | None
    ) -> bool:
        if selection.abstract:
            known = self.supergraph.possible_types_in_graph(graph, selection.type_name)
            return all(
                self.fields_feasible(
                    graph, type_name, fields, provided_for_type(provided, type_name)
                )
                for type_name, fields in selection.by_type.items()
                if type_name in known
            )
        return self.fields_feasible(graph, selection.type_name, selection.fields, provided)

    def fields_feasible(
        self, graph: str, type_name: str, fields: list[NField], provided: ProvidedTree | None
    ) -> bool:
        """`feasible` for the fields of one concrete type."""
        for field in fields:
            if self.can_resolve(graph, type_name, field.name, provided):
                if field.selection is None:
                    continue
                child = self.child_provided(graph, type_name, field, provided)
                if self.feasible(graph, field.selection, child):
                    continue
            if not self.reachable_by_jump(graph, type_name, field):
                return False
        return True

    def child_provided(
        self, graph: str, type_name: str, field: NField, provided: ProvidedTree | None
    ) -> ProvidedTree | None:
        """Provided tree below `field` when `graph` resolves it."""
        own = self.provides(graph, type_name, field.name)
        if own is not None:
            return own
        return None if provided is None else provided.get(field.name)

    def locality(
        self, graph: str, type_name: str, field: NField, provided: ProvidedTree | None
    ) -> int:
        """How many selected fields `graph` resolves itself below (and including) `field`."""
        if not self.can_resolve(graph, type_name, field.name, provided):
            return 0
        selection = field.selection
        if selection is None:
            return 1
        child = self.child_provided(graph, type_name, field, provided)
        total = 1
        if selection.abstract:
            for concrete, fields in selection.by_type.items():
                sub = provided_for_type(child, concrete)
                total += sum(self.locality(graph, concrete, f, sub) for f in fields)
        else:
            total += sum(
                self.locality(graph, selection.type_name, f, child) for f in selection.fields
            )
        return total
