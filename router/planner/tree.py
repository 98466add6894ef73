"""The resolution the path search chooses: per position of the operation, which subgraph
requests (segments) return the object there and which of them selects each field."""

from __future__ import annotations

from dataclasses import dataclass, field

from router.normalize.tree import NField
from router.query_graph import EntityJump, FieldEdge
from router.query_graph.provided import ProvidedTree


@dataclass(frozen=True, order=True, slots=True)
class Cost:
    """Fetches first, then hops: the fields a plan adds for keys and requirements, plus the
    selected leaves that wait for a jump (resolving more of them earlier is better)."""

    fetches: int = 0
    hops: int = 0

    def __add__(self, other: Cost) -> Cost:
        return Cost(self.fetches + other.fetches, self.hops + other.hops)


ZERO = Cost()


@dataclass(frozen=True, slots=True, eq=False)
class Segment:
    """One subgraph request returning the object at a position.

    Entries are the requests the object came from (or root fetches); other segments are
    reached by an entity `jump`. A `requires` segment exists for fields whose `@requires`
    fields must travel in its representation, so it is a request of its own even to a
    subgraph the object is already fetched from.
    """

    subgraph: str
    type_in_graph: str  # the type name the subgraph knows the object by
    provided: ProvidedTree | None = None  # @provides in effect at this position (entries)
    jumps: tuple[EntityJump, ...] = ()  # the keys it may be reached through (not entries)
    requires: bool = False
    root: bool = False

    @property
    def is_entry(self) -> bool:
        """Whether the object comes from this request already (nothing to jump through)."""
        return not self.jumps and not self.root


@dataclass(slots=True, eq=False)
class FieldPlan:
    """A field selected in one segment, or in several (a value type split across them)."""

    field: NField
    segments: tuple[int, ...]
    edges: tuple[FieldEdge, ...]  # the edge taken in each segment
    child: PositionPlan | AbstractPlan | None = None


@dataclass(slots=True, eq=False)
class Condition:
    """What a jump needs first: the key it goes through and the fields that fill it."""

    jump: EntityJump
    fields: tuple[FieldPlan, ...]  # key fields, then @requires fields
    key_names: tuple[str, ...]  # top-level key fields: a null one means "no entity"


@dataclass(slots=True, eq=False)
class PositionPlan:
    """How the fields at one position of a concrete (or interface-level) type are fetched."""

    type_name: str
    segments: tuple[Segment, ...]  # entries first
    entries: int
    order: tuple[int, ...]  # the other segments, each after those its condition uses
    conditions: dict[int, Condition]
    fields: tuple[FieldPlan, ...]
    cost: Cost


@dataclass(slots=True, eq=False)
class AbstractPlan:
    """An abstract position: each possible object type planned on its own.

    `entry_map[T]` lists which of the position's entries can return objects of type `T`.
    With `@interfaceObject` entries, which know no object types, `interface` plans the
    position at the interface's level, and `lookup` (when set) is its segment asking an
    owner of the interface for the objects' types; the object types then enter there too.
    """

    entries: tuple[Segment, ...] = ()
    by_type: dict[str, PositionPlan] = field(default_factory=dict)
    entry_map: dict[str, tuple[int, ...]] = field(default_factory=dict)
    interface: PositionPlan | None = None
    lookup: int | None = None
    cost: Cost = ZERO


type ChildPlan = PositionPlan | AbstractPlan
