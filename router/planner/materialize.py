"""Turn the chosen resolution into fetch steps: selections, representations, dependencies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from router.normalize.inclusion import Inclusion, Term, both
from router.normalize.tree import NField
from router.planner.fetch_graph import FetchGraph, FetchStep
from router.planner.segment_gates import segment_gates
from router.planner.selection_builder import SelectionBuilder, internal_alias, print_arguments
from router.planner.tree import AbstractPlan, ChildPlan, FieldPlan, PositionPlan, Segment
from router.query_graph import QueryGraph


@dataclass(slots=True)
class Target:
    """Where a segment's selections for the current object go: a step and a builder in it."""

    step: FetchStep
    builder: SelectionBuilder


@dataclass(slots=True)
class Placed:
    """What a field left in the merged data: its response key, and the same below."""

    key: str
    name: str
    children: list[Placed] | None = None
    by_type: dict[str, list[Placed]] | None = None
    steps: set[int] = field(default_factory=set)  # steps whose answers fill it


class Materializer:
    """Builds the fetch graph of one operation from its position plans."""

    def __init__(self, graph: QueryGraph, kind: str, root_type: str) -> None:
        self.query_graph = graph
        self.kind = kind
        self.root_type = root_type
        self.fetch_graph = FetchGraph()

    def roots(self, plans: list[PositionPlan]) -> FetchGraph:
        """Root steps for the root positions (mutations: one after another), then below."""
        previous: FetchStep | None = None
        for plan in plans:
            targets: list[Target] = []
            for segment in plan.segments:
                if (
                    self.kind == "mutation"
                    and previous is not None
                    and previous.subgraph == segment.subgraph
                ):
                    targets.append(Target(previous, previous.selection))
                    continue
                step = self.fetch_graph.root_step(segment.subgraph, self.kind)
                step.selection = SelectionBuilder(self.root_type)
                targets.append(Target(step, step.selection))
                previous = step
            for field_plan in plan.fields:
                self._field(field_plan, targets, (), client=True)
        return self.fetch_graph

    # -- positions ---------------------------------------------------------------------------

    def position(
        self,
        plan: PositionPlan,
        entries: list[Target],
        path: tuple[str, ...],
        client: bool = True,
    ) -> tuple[list[Placed], list[Target]]:
        """Materialize a position given its entries' targets; the placed fields and every
        segment's target. `client`: whether its fields are the client's (or a condition's)."""
        targets: list[Target | None] = [*entries, *([None] * (len(plan.segments) - plan.entries))]
        placed: dict[int, Placed] = {}
        self._ready_fields(plan, targets, path, placed, client)
        gates = segment_gates(plan) if plan.order else {}
        for index in plan.order:
            targets[index] = self._jump(plan, index, targets, path, gates[index])
            self._ready_fields(plan, targets, path, placed, client)
        fields = [placed[number] for number in range(len(plan.fields))]
        return fields, [t for t in targets if t is not None]

    def _ready_fields(
        self,
        plan: PositionPlan,
        targets: list[Target | None],
        path: tuple[str, ...],
        placed: dict[int, Placed],
        client: bool,
    ) -> None:
        """Place the fields whose segments all exist by now: before any condition field of
        a later jump, so that client fields keep their response keys."""
        for number, field_plan in enumerate(plan.fields):
            if number not in placed and all(targets[i] is not None for i in field_plan.segments):
                placed[number] = self._field(field_plan, targets, path, client)

    def _typename_host(
        self, plan: PositionPlan, hosts: list[int], targets: list[Target | None]
    ) -> Target:
        """Representations are built by `__typename`: the request that answers it for a jump
        is one the jump waits for anyway, and never an @interfaceObject one (which would name
        the interface) unless the position is the interface itself."""
        graph = self.query_graph
        for index in [*hosts, *range(plan.entries)]:
            segment = plan.segments[index]
            found: Target | None = targets[index]
            io = graph.is_interface_object(segment.subgraph, segment.type_in_graph)
            if found is not None and (not io or plan.type_name == segment.type_in_graph):
                found.builder.typename()
                return found
        raise AssertionError("a jump without a request answering __typename")

    def _jump(
        self,
        plan: PositionPlan,
        index: int,
        targets: list[Target | None],
        path: tuple[str, ...],
        gate: Term,
    ) -> Target:
        segment = plan.segments[index]
        condition = plan.conditions[index]
        shape = SelectionBuilder(segment.type_in_graph)
        shape.typename()
        deps: set[int] = set()
        key_sources: list[str] = []
        when: Inclusion = frozenset({gate}) if gate else None
        for field_plan in condition.fields:
            placed = self._field(field_plan, targets, path, when=when)
            deps |= placed.steps
            _add_to_shape(shape, placed)
            if field_plan.field.response_key in condition.key_names:
                key_sources.append(placed.key)
        hosts = [index for plan_ in condition.fields for index in plan_.segments]
        deps.add(self._typename_host(plan, hosts, targets).step.id)
        step = self._entity_step(segment, path, frozenset(deps), shape, gate)
        sent = condition.jump.sent_typename or plan.type_name
        for shown in self._typenames_at(plan):
            merge_shape(step.requires.fragment(shown), shape)
            step.key_fields.setdefault(shown, set()).update(key_sources)
            if sent != shown:
                step.typename_rewrites[shown] = sent
        return Target(step, step.selection.fragment(segment.type_in_graph))

    def _typenames_at(self, plan: PositionPlan) -> list[str]:
        """The `__typename`s objects at this position may have in the merged data."""
        info = self.query_graph.supergraph.types.get(plan.type_name)
        if info is None or info.kind == "object":
            return [plan.type_name]
        schema = self.query_graph.supergraph.schema
        named = schema.get_type(plan.type_name)
        return [plan.type_name, *(t.name for t in schema.get_possible_types(named))]  # type: ignore[arg-type]

    def _entity_step(
        self,
        segment: Segment,
        path: tuple[str, ...],
        deps: frozenset[int],
        shape: SelectionBuilder,
        gate: Term,
    ) -> FetchStep:
        """A step for the jump: one already there for the same place, dependencies and gate
        (a representation needing fields another gate may skip would lose its object), with
        a representation that can carry this one too; else a new one."""
        graph = self.fetch_graph
        for step in graph.entity_steps(segment.subgraph, path, deps, gate):
            if not any(
                shape_conflict(fragment, shape) for fragment in step.requires.fragments.values()
            ):
                return step
        return graph.new_entity_step(segment.subgraph, path, deps, gate)

    # -- fields -----------------------------------------------------------------------------------

    def _field(
        self,
        plan: FieldPlan,
        targets: Sequence[Target | None],
        path: tuple[str, ...],
        client: bool = False,
        when: Inclusion = None,
    ) -> Placed:
        """Select a field in its segments' builders (a condition field moves to an internal
        response key where the client's key holds another field), then below it."""
        field = plan.field
        hosts = [targets[index] for index in plan.segments]
        key = field.response_key
        if not client and any(
            host is not None and not _can_hold(host.builder, key, field) for host in hosts
        ):
            key = internal_alias(field.name, field.arguments)
        builds = []
        steps: set[int] = set()
        for host, edge in zip(hosts, plan.edges, strict=True):
            assert host is not None
            build = host.builder.field(
                key,
                field.name,
                field.arguments,
                type_text=edge.type_text,
                sub_type=edge.target if field.selection is not None else None,
                inclusion=both(field.inclusion, when),
            )
            assert build is not None
            builds.append(build)
            steps.add(host.step.id)
        placed = Placed(key, field.name, steps=steps)
        if plan.child is None:
            return placed
        child_path = (*path, key, *("@",) * field.list_depth)
        child_entries = [
            Target(host.step, build.sub)  # type: ignore[union-attr, arg-type]
            for host, build in zip(hosts, builds, strict=True)
        ]
        self._child(plan.child, child_entries, child_path, placed, client)
        return placed

    def _child(
        self,
        plan: ChildPlan,
        entries: list[Target],
        path: tuple[str, ...],
        placed: Placed,
        client: bool,
    ) -> None:
        """Materialize the position below a field (a condition's holds condition fields)."""
        if isinstance(plan, PositionPlan):
            fields, targets = self.position(plan, entries, path, client)
            placed.children = fields
            placed.steps |= {t.step.id for t in targets} | _steps(fields)
            return
        self._abstract(plan, entries, path, placed, client)

    def _abstract(
        self,
        plan: AbstractPlan,
        entries: list[Target],
        path: tuple[str, ...],
        placed: Placed,
        client: bool,
    ) -> None:
        available = entries
        placed.children = []
        graph = self.query_graph
        if plan.interface is not None:
            fields, available = self.position(plan.interface, entries, path, client)
            placed.children = fields
            placed.steps |= _steps(fields)
            if plan.lookup is not None:
                available[plan.lookup].builder.typename()
            else:  # the interface's name: shaping then takes the fields every type selects
                for target in entries:
                    target.builder.typename()
        else:
            for target, segment in zip(entries, plan.entries, strict=True):
                if not graph.is_interface_object(segment.subgraph, segment.type_in_graph):
                    target.builder.typename()  # the object's type, answered by its entry
        placed.by_type = {}
        for type_name, sub in plan.by_type.items():
            sub_entries = []
            for position, index in enumerate(plan.entry_map[type_name]):
                target = available[index]
                segment = sub.segments[position]
                if target.builder.type_name != segment.type_in_graph:
                    sub_entries.append(Target(target.step, target.builder.fragment(type_name)))
                else:
                    sub_entries.append(target)
            fields, targets = self.position(sub, sub_entries, path, client)
            placed.by_type[type_name] = fields
            placed.steps |= {t.step.id for t in targets} | _steps(fields)


def _steps(fields: list[Placed]) -> set[int]:
    return {step for placed in fields for step in placed.steps}


def _can_hold(builder: SelectionBuilder, key: str, field: NField) -> bool:
    existing = builder.fields.get(key)
    if existing is None:
        return True
    return existing.name == field.name and print_arguments(existing.arguments) == print_arguments(
        field.arguments
    )


def _add_to_shape(shape: SelectionBuilder, placed: Placed) -> None:
    """Add a condition field to a representation shape: read from its key, sent by name."""
    build = shape.field(
        placed.key, placed.name, sub_type="" if placed.children is not None else None
    )
    if build is None or build.sub is None:
        return
    for child in placed.children or ():
        _add_to_shape(build.sub, child)
    if placed.by_type is not None:
        build.sub.typename()
        for type_name, children in placed.by_type.items():
            for child in children:
                _add_to_shape(build.sub.fragment(type_name), child)


def merge_shape(into: SelectionBuilder, shape: SelectionBuilder) -> None:
    """Merge a representation shape into another (same keys merge, new keys are added)."""
    for key, build in shape.fields.items():
        target = into.field(key, build.name, sub_type="" if build.sub is not None else None)
        if target is not None and build.sub is not None and target.sub is not None:
            merge_shape(target.sub, build.sub)
    for condition, fragment in shape.fragments.items():
        merge_shape(into.fragment(condition), fragment)


def _sent_names(shape: SelectionBuilder) -> dict[str, str]:
    return {build.name: key for key, build in shape.fields.items()}


def shape_conflict(existing: SelectionBuilder, shape: SelectionBuilder) -> bool:
    """Whether one representation cannot carry both: a field sent by name from other keys."""
    sent = _sent_names(existing)
    for key, build in shape.fields.items():
        other = sent.get(build.name)
        if other is not None and other != key:
            return True
        nested = existing.fields.get(key)
        if (
            nested is not None
            and nested.sub is not None
            and build.sub is not None
            and shape_conflict(nested.sub, build.sub)
        ):
            return True
    return False
