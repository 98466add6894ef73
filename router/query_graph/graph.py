"""`QueryGraph`: lookups over the query graph of one supergraph and override setting."""

from __future__ import annotations

from graphql import GraphQLInterfaceType, GraphQLUnionType, SelectionSetNode

from router.normalize.pipeline import normalize_field_set
from router.normalize.tree import NSelection
from router.query_graph.edges import EntityJump, FieldEdge
from router.query_graph.entity_jumps import entity_jumps
from router.query_graph.field_edges import field_edges
from router.query_graph.provided import ProvidedTree
from router.query_graph.runtime_types import runtime_types
from router.supergraph.model import Supergraph


class QueryGraph:
    """Edges and jumps, built lazily per type and kept for the graph's lifetime."""

    def __init__(self, supergraph: Supergraph, enabled_labels: frozenset[str]) -> None:
        self.supergraph = supergraph
        self.enabled_labels = enabled_labels
        self.subgraph_order = {name: index for index, name in enumerate(supergraph.subgraphs)}
        self._edges: dict[str, dict[str, dict[str, FieldEdge]]] = {}
        self._jumps: dict[str, tuple[EntityJump, ...]] = {}
        self._runtime: dict[tuple[str, str], frozenset[str]] = {}
        self._field_sets: dict[tuple[str, int], NSelection] = {}
        self._value_types: dict[str, bool] = {}

    def edges(self, subgraph: str, type_name: str) -> dict[str, FieldEdge]:
        """Field name -> edge, for the fields `subgraph` declares on `type_name`."""
        by_graph = self._edges.get(type_name)
        if by_graph is None:
            by_graph = self._edges[type_name] = field_edges(
                self.supergraph, type_name, self.enabled_labels
            )
        return by_graph.get(subgraph, {})

    def resolves(
        self,
        subgraph: str,
        type_name: str,
        field_name: str,
        provided: ProvidedTree | None,
        for_key: bool = False,
    ) -> FieldEdge | None:
        """The edge when `subgraph` returns the field here (`provided`: @provides in effect)."""
        edge = self.edges(subgraph, type_name).get(field_name)
        if edge is None:
            return None
        if edge.key_only and not for_key and not (provided is not None and field_name in provided):
            return None
        if (
            edge.external
            and not edge.key_only
            and not (provided is not None and field_name in provided)
        ):
            return None
        return edge

    def edges_with_requires(self, type_name: str, field_name: str) -> list[FieldEdge]:
        """Every subgraph's edge for the field that needs `@requires` fields first."""
        found: list[FieldEdge] = []
        for subgraph in self.supergraph.subgraphs:
            edge = self.edges(subgraph, type_name).get(field_name)
            if edge is not None and edge.requires is not None and not edge.key_only:
                found.append(edge)
        return found

    def jumps(self, type_name: str) -> tuple[EntityJump, ...]:
        """The entity jumps that fetch an object of `type_name` (see `entity_jumps`)."""
        found = self._jumps.get(type_name)
        if found is None:
            found = self._jumps[type_name] = entity_jumps(self.supergraph, type_name)
        return found

    def runtime_types(self, subgraph: str, type_name: str) -> frozenset[str]:
        """The `__typename`s `subgraph` can answer where its schema has `type_name`."""
        memo_key = (subgraph, type_name)
        found = self._runtime.get(memo_key)
        if found is None:
            found = self._runtime[memo_key] = runtime_types(self.supergraph, subgraph, type_name)
        return found

    def is_interface_object(self, subgraph: str, type_name: str) -> bool:
        """Whether `subgraph` declares the interface `type_name` as an @interfaceObject."""
        info = self.supergraph.types.get(type_name)
        owner = info.graphs.get(subgraph) if info is not None else None
        return owner is not None and owner.is_interface_object

    def is_value_type(self, type_name: str) -> bool:
        """Whether no object type a value of `type_name` can have is an entity anywhere (such
        a value can only be fetched whole from each subgraph, never jumped to)."""
        found = self._value_types.get(type_name)
        if found is None:
            schema = self.supergraph.schema
            named = schema.get_type(type_name)
            objects = (
                [t.name for t in schema.get_possible_types(named)]
                if isinstance(named, GraphQLInterfaceType | GraphQLUnionType)
                else [type_name]
            )
            found = self._value_types[type_name] = not any(
                owner.keys
                for name in objects
                for owner in self.supergraph.types[name].graphs.values()
            )
        return found

    def knows(self, subgraph: str, type_name: str) -> bool:
        """Whether `subgraph` declares `type_name`."""
        return self.supergraph.graph_knows_type(subgraph, type_name)

    def field_set(self, type_name: str, selection: SelectionSetNode) -> NSelection:
        """A key / requires field set normalized on `type_name` (memoized)."""
        memo_key = (type_name, id(selection))
        found = self._field_sets.get(memo_key)
        if found is None:
            found = self._field_sets[memo_key] = normalize_field_set(
                self.supergraph.schema, type_name, selection
            )
        return found
