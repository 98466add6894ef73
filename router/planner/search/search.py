"""`Search`: the cheapest resolution of every position of an operation.

At each position the object is already returned by some requests (its entries). Every
selected field is placed in a segment that resolves it: an entry, a subgraph reached by an
entity jump, or a requires segment whose representation carries `@requires` fields. Jumps
need their key (and requirements) first: those condition fields are placed at the same
position, in segments resolved before the jump. Composite fields recurse into child
positions; a field no single segment can serve completely (a value type spread over
subgraphs) is split over several. Sets of jump targets are tried smallest first; the cost
is the number of fetches, then the number of added fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations

from router.normalize.tree import NField, NSelection
from router.planner.search.abstract import plan_abstract
from router.planner.search.candidates import jump_candidates
from router.planner.search.conditions import resolve, resolve_all
from router.planner.search.field_sets import leaves
from router.planner.search.limits import EXHAUSTIVE_LIMIT, MAX_SET_SIZE
from router.planner.search.placement import Placement
from router.planner.search.requires import requires_options
from router.planner.search.roots import plan_roots
from router.planner.tree import (
    ZERO,
    ChildPlan,
    Cost,
    FieldPlan,
    PositionPlan,
    Segment,
)
from router.query_graph import EntityJump, FieldEdge, QueryGraph
from router.query_graph.provided import ProvidedTree, provided_for_type

type Servers = frozenset[tuple[str, str]]


type Option = tuple[Cost, int, FieldPlan, tuple[str, str, tuple[EntityJump, ...]] | None]


class Search:
    """Plans positions against one query graph; results are memoized for one operation."""

    def __init__(self, graph: QueryGraph) -> None:
        self.graph = graph
        self._memo: dict[tuple[object, ...], ChildPlan | None] = {}
        self._provided: dict[tuple[int, str], ProvidedTree | None] = {}
        self.in_progress_requires: set[tuple[str, str, str]] = set()

    def root(self, selection: NSelection, kind: str) -> list[PositionPlan]:
        """The root position (queries), or one position per root field in order (mutations)."""
        return plan_roots(self, selection, kind)

    # -- positions ----------------------------------------------------------------------------

    def selection(
        self,
        entries: tuple[Segment, ...],
        selection: NSelection,
        servers: Servers,
        whole_entities: bool = False,
    ) -> ChildPlan | None:
        """The plan of a composite field's selection, entered through `entries`.

        `servers`: every (subgraph, type there) that may serve the value here, chosen or not
        (abstract positions keep only the object types all of them can return).
        `whole_entities`: the entries are root fetches of one split field; only value types
        may take fields from several of them (an entity is only known to be the same object
        through its key).
        """
        if selection.abstract:
            memo_key: tuple[object, ...] = (
                "a",
                self._entries_key(entries),
                id(selection),
                servers,
                whole_entities,
            )
            if memo_key not in self._memo:
                self._memo[memo_key] = plan_abstract(
                    self, entries, selection, servers, whole_entities
                )
            return self._memo[memo_key]
        if (
            whole_entities
            and len(entries) > 1
            and not self.graph.is_value_type(selection.type_name)
        ):
            return None
        return self.object(selection.type_name, entries, selection.fields, servers)

    def object(
        self,
        type_name: str,
        entries: tuple[Segment, ...],
        fields: list[NField],
        servers: Servers = frozenset(),
    ) -> PositionPlan | None:
        """The cheapest plan of `fields` on an object of `type_name` entered via `entries`."""
        memo_key: tuple[object, ...] = (
            "o",
            type_name,
            self._entries_key(entries),
            tuple(map(id, fields)),  # the fields outlive the search; a list may not
            servers,
        )
        if memo_key in self._memo:
            found = self._memo[memo_key]
            assert found is None or isinstance(found, PositionPlan)
            return found
        self._memo[memo_key] = None
        servers = servers | {(e.subgraph, e.type_in_graph) for e in entries}
        servers |= {(j.subgraph, j.entity_type) for j in self.graph.jumps(type_name)}
        candidates = jump_candidates(self, type_name, entries, fields)
        best: PositionPlan | None = None
        for size in range(len(candidates) + 1):
            if best is not None and best.cost.fetches <= size:
                break
            if len(candidates) > EXHAUSTIVE_LIMIT and size > MAX_SET_SIZE:
                break
            for chosen in combinations(candidates, size):
                segments = [*entries, *chosen]
                plan = self.assign(type_name, segments, len(entries), fields, servers=servers)
                if plan is not None and (best is None or plan.cost < best.cost):
                    best = plan
        self._memo[memo_key] = best
        return best

    def _entries_key(self, entries: tuple[Segment, ...]) -> tuple[tuple[str, str, int], ...]:
        return tuple(
            (e.subgraph, e.type_in_graph, 0 if e.provided is None else id(e.provided))
            for e in entries
        )

    # -- placing fields -------------------------------------------------------------------------

    def assign(
        self,
        type_name: str,
        segments: list[Segment],
        entries: int,
        fields: list[NField],
        keep: int | None = None,
        servers: Servers = frozenset(),
    ) -> PositionPlan | None:
        """Place every field in one of `segments` (plus requires segments it may add) and
        resolve each non-entry segment's condition; None when something is unreachable or
        a chosen jump (other than `keep`) ends up serving nothing."""
        placement = Placement(type_name, list(segments), entries, servers)
        if entries == 0:  # root fetches need nothing first
            placement.resolved.update(range(len(segments)))
        plans: list[FieldPlan] = []
        for field in self._placing_order(type_name, fields):
            plan = self.place(placement, field, False, range(len(placement.segments)), None)
            if plan is None:
                return None
            plans.append(plan)
        if not resolve_all(self, placement):
            return None
        position = {id(field): index for index, field in enumerate(fields)}
        plans.sort(key=lambda plan: position[id(plan.field)])  # the operation's order again
        used = {i for plan in plans for i in plan.segments}
        for condition in placement.conditions.values():
            used.update(i for plan in condition.fields for i in plan.segments)
        if any(i not in used and i != keep for i in range(entries, len(segments))):
            return None  # a smaller set of jump targets does the same
        fetches = len(placement.segments) - entries
        added = sum(len(c.fields) for c in placement.conditions.values())
        cost = Cost(fetches, added + self._fetched_later(plans, entries))
        for plan in plans:
            cost += _child_cost(plan)
        for condition in placement.conditions.values():
            for plan in condition.fields:
                cost += _child_cost(plan)
        return PositionPlan(
            type_name=type_name,
            segments=tuple(placement.segments),
            entries=entries,
            order=tuple(placement.order),
            conditions=dict(placement.conditions),
            fields=tuple(plans),
            cost=cost,
        )

    def _fetched_later(self, plans: list[FieldPlan], entries: int) -> int:
        """How many selected leaves wait for a jump here (fewer is better on equal fetches)."""
        if entries == 0:
            return 0
        return sum(leaves(plan.field) for plan in plans if any(i >= entries for i in plan.segments))

    def _placing_order(self, type_name: str, fields: list[NField]) -> list[NField]:
        """Fields that may need a requires segment first, so that others can join it."""
        graph = self.graph
        selected = [f for f in fields if f.name != "__typename"]
        requiring = [f for f in selected if graph.edges_with_requires(type_name, f.name)]
        if not requiring:
            return selected
        return requiring + [f for f in selected if f not in requiring]

    def place(
        self,
        placement: Placement,
        field: NField,
        for_key: bool,
        allowed: Iterable[int],
        needing: int | None,
    ) -> FieldPlan | None:
        """The cheapest way to select `field` here: in an allowed segment, in a requires
        segment (new, or joined when compatible), or split over several segments."""
        graph = self.graph
        best: Option | None = None
        local: list[tuple[int, FieldEdge]] = []
        for index in allowed:
            segment = placement.segments[index]
            edge = graph.resolves(
                segment.subgraph, segment.type_in_graph, field.name, segment.provided, for_key
            )
            if edge is None or edge.requires is not None:
                continue
            local.append((index, edge))
            child, cost = self.child(placement, (segment,), (edge,), field)
            if field.selection is not None and child is None:
                continue
            option: Option = (cost, len(local), FieldPlan(field, (index,), (edge,), child), None)
            if best is None or option[:2] < best[:2]:
                best = option
        for option in requires_options(self, placement, field, needing):
            if best is None or option[:2] < best[:2]:
                best = option
        if best is None and field.selection is not None and len(local) > 1:
            best = self._split(placement, field, local)
        if best is None:
            return None
        _cost, _rank, plan, requires = best
        if requires is not None:
            subgraph, entity_type, jumps = requires
            edge = plan.edges[0]
            assert edge.requires is not None
            required = (edge.requires, graph.field_set(placement.type_name, edge.requires))
            join = (
                placement.joinable_requires(subgraph, entity_type, required[1])
                if needing is None
                else None  # requirements of a condition get their own request
            )
            index = placement.add_requires(subgraph, entity_type, jumps, required, join)
            plan.segments = (index,)
            if needing is not None:
                guard = (placement.type_name, field.name, subgraph)
                self.in_progress_requires.add(guard)
                try:
                    if not resolve(self, placement, index):
                        return None
                finally:
                    self.in_progress_requires.discard(guard)
        return plan

    def _split(
        self, placement: Placement, field: NField, local: list[tuple[int, FieldEdge]]
    ) -> Option | None:
        """Select a composite field in several segments, each serving part of it.

        Below an entity every segment fetches the same object; at the root, where only one
        field is shared, entities below it are taken whole from one subgraph's answer.
        """
        assert field.selection is not None
        segments = tuple(placement.segments[index] for index, _ in local)
        edges = tuple(edge for _, edge in local)
        child, cost = self.child(placement, segments, edges, field, placement.entries == 0)
        if child is None:
            return None
        plan = FieldPlan(field, tuple(index for index, _ in local), edges, child)
        return (cost, 0, plan, None)

    def child(
        self,
        placement: Placement,
        segments: Sequence[Segment],
        edges: Sequence[FieldEdge],
        field: NField,
        whole_entities: bool = False,
    ) -> tuple[ChildPlan | None, Cost]:
        """The child position's plan when `field` is selected in `segments`."""
        if field.selection is None:
            return None, ZERO
        entries = tuple(
            Segment(edge.subgraph, edge.target, self._child_provided(segment, edge, field))
            for segment, edge in zip(segments, edges, strict=True)
        )
        servers = self._child_servers(placement, field)
        child = self.selection(entries, field.selection, servers, whole_entities)
        return child, (ZERO if child is None else child.cost)

    def _child_servers(self, placement: Placement, field: NField) -> Servers:
        """Who may serve the value below `field`: every server of this position declaring it."""
        graph = self.graph
        found: set[tuple[str, str]] = set()
        for subgraph, type_name in placement.servers:
            edge = graph.edges(subgraph, type_name).get(field.name)
            if edge is not None and not edge.external and not edge.key_only:
                found.add((subgraph, edge.target))
        return frozenset(found)

    def _child_provided(
        self, segment: Segment, edge: FieldEdge, field: NField
    ) -> ProvidedTree | None:
        if edge.provides is not None:
            return edge.provides
        if segment.provided is None:
            return None
        return segment.provided.get(field.name)

    def provided_for(self, tree: ProvidedTree | None, type_name: str) -> ProvidedTree | None:
        """`provided_for_type`, memoized so equal inputs give the same tree object."""
        if tree is None:
            return None
        memo_key = (id(tree), type_name)
        if memo_key not in self._provided:
            self._provided[memo_key] = provided_for_type(tree, type_name)
        return self._provided[memo_key]


def _child_cost(plan: FieldPlan) -> Cost:
    return ZERO if plan.child is None else plan.child.cost
