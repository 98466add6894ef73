"""The supergraph model: which subgraph owns which type and field, and how."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import GraphQLSchema, SelectionSetNode


@dataclass(frozen=True)
class Subgraph:
    """One `join__Graph` enum value."""

    name: str
    enum_value: str
    url: str


@dataclass(frozen=True)
class EntityKey:
    """One `@join__type(key:)` of a type in a subgraph."""

    fields: str
    selection: SelectionSetNode
    resolvable: bool


@dataclass
class TypeInGraph:
    """How one subgraph declares a type (`@join__type`)."""

    graph: str
    keys: list[EntityKey] = field(default_factory=list)
    extension: bool = False
    is_interface_object: bool = False


@dataclass(frozen=True)
class FieldInGraph:
    """How one subgraph declares a field (`@join__field`)."""

    graph: str
    requires: SelectionSetNode | None = None
    provides: SelectionSetNode | None = None
    external: bool = False
    override: str | None = None
    override_label: str | None = None
    used_overridden: bool = False
    type: str | None = None


@dataclass
class FieldInfo:
    """A field of a composite supergraph type with every subgraph that declares it."""

    name: str
    parent: str
    graphs: dict[str, FieldInGraph] = field(default_factory=dict)


@dataclass
class TypeInfo:
    """A named supergraph type with its subgraph ownership."""

    name: str
    kind: str  # "object" | "interface" | "union" | "enum" | "input" | "scalar"
    graphs: dict[str, TypeInGraph] = field(default_factory=dict)
    fields: dict[str, FieldInfo] = field(default_factory=dict)
    implements: dict[str, set[str]] = field(default_factory=dict)  # graph -> interfaces
    union_members: dict[str, set[str]] = field(default_factory=dict)  # graph -> members

    def resolvable_keys(self, graph: str) -> list[EntityKey]:
        """Keys through which `graph` can resolve this type as an entity."""
        owner = self.graphs.get(graph)
        return [key for key in owner.keys if key.resolvable] if owner else []


@dataclass
class Supergraph:
    """Everything the planner needs to know about the composed graph."""

    schema: GraphQLSchema
    subgraphs: dict[str, Subgraph]
    types: dict[str, TypeInfo]
    root_types: dict[str, str]  # "query" | "mutation" | "subscription" -> type name

    def graph_knows_type(self, graph: str, type_name: str) -> bool:
        """Whether `graph` declares `type_name` at all."""
        info = self.types.get(type_name)
        return info is not None and graph in info.graphs

    def possible_types_in_graph(self, graph: str, abstract: str) -> set[str]:
        """Concrete types a subgraph may return for an abstract type."""
        info = self.types[abstract]
        if info.kind == "union":
            return set(info.union_members.get(graph, ()))
        return {
            name
            for name, candidate in self.types.items()
            if candidate.kind == "object"
            and graph in candidate.graphs
            and abstract in candidate.implements.get(graph, ())
        }
