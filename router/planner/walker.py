"""Walk a normalized operation and assign every field to a fetch step."""

from __future__ import annotations

from graphql import SelectionSetNode

from router.normalize.pipeline import normalize_field_set
from router.normalize.tree import NField, NormalizedOperation, NSelection
from router.planner.fetch_graph import FetchGraph, FetchStep
from router.planner.provided import ProvidedTree, provided_for_type
from router.planner.resolvability import Resolvability
from router.planner.selection_builder import SelectionBuilder
from router.supergraph.model import Supergraph


class PlanningError(Exception):
    """The operation cannot be planned against this supergraph."""


class FetchGraphWalker:
    """Builds the fetch graph of one normalized operation."""

    def __init__(self, supergraph: Supergraph, resolvability: Resolvability) -> None:
        self.supergraph = supergraph
        self.rs = resolvability
        self.graph = FetchGraph()
        self._order = {name: index for index, name in enumerate(supergraph.subgraphs)}
        self._field_sets: dict[tuple[str, int], NSelection] = {}
        # Jumps whose key fields are being planned: not a way to fetch those key fields.
        self._jumping: set[tuple[str, str, str]] = set()

    # -- root -------------------------------------------------------------------------------

    def walk(self, operation: NormalizedOperation) -> FetchGraph:
        """Plan every root field of the operation."""
        root_type = operation.root.type_name
        steps: dict[str, FetchStep] = {}
        previous: FetchStep | None = None
        for field in operation.root.fields:
            if field.name.startswith("__"):
                continue  # __typename / introspection are answered by the router
            if operation.kind == "mutation":
                preferred = {previous.subgraph} if previous else set()
                graph = self._choose_root_graph(root_type, field, preferred)
                if previous is None or previous.subgraph != graph:
                    previous = self.graph.root_step(graph, operation.kind)
                step = previous
            else:
                graph = self._choose_root_graph(root_type, field, set(steps))
                step = steps.get(graph) or self.graph.root_step(graph, operation.kind)
                steps[graph] = step
            self._add_local(step, step.selection, root_type, field, (), None)
        return self.graph

    def _choose_root_graph(self, root_type: str, field: NField, preferred: set[str]) -> str:
        candidates = [
            graph
            for graph in self.supergraph.subgraphs
            if self.rs.can_resolve(graph, root_type, field.name, None)
        ]
        if not candidates:
            raise PlanningError(f"no subgraph resolves {root_type}.{field.name}")
        feasible = [
            graph
            for graph in candidates
            if field.selection is None
            or self.rs.feasible(
                graph, field.selection, self.rs.provides(graph, root_type, field.name)
            )
        ]
        return max(
            feasible or candidates,
            key=lambda graph: (
                self.rs.locality(graph, root_type, field, None),
                graph in preferred,
                -self._order[graph],
            ),
        )

    # -- fields ----------------------------------------------------------------------------

    def _add_local(
        self,
        step: FetchStep,
        builder: SelectionBuilder,
        model_type: str,
        field: NField,
        path: tuple[str, ...],
        provided: ProvidedTree | None,
    ) -> None:
        """Select `field` in `step` itself, then plan its sub-selection."""
        if field.selection is None:
            builder.field(field.response_key, field.name, field.arguments)
            return
        build = builder.field(field.response_key, field.name, field.arguments, composite=True)
        assert build.sub is not None
        child_path = (*path, field.response_key, *("@",) * field.list_depth)
        child_provided = self.rs.child_provided(step.subgraph, model_type, field, provided)
        self._plan_selection(step, build.sub, field.selection, child_path, child_provided)

    def _plan_selection(
        self,
        step: FetchStep,
        builder: SelectionBuilder,
        selection: NSelection,
        path: tuple[str, ...],
        provided: ProvidedTree | None,
    ) -> None:
        if not selection.abstract:
            name = selection.type_name
            self._plan_fields(step, builder, name, name, selection.fields, path, provided)
            return
        if self._via_interface_owner(step, builder, selection, path, provided):
            return
        builder.typename()
        known = self.supergraph.possible_types_in_graph(step.subgraph, selection.type_name)
        for concrete, fields in selection.by_type.items():
            if concrete in known:
                self._plan_fields(
                    step,
                    builder.fragment(concrete),
                    concrete,
                    concrete,
                    fields,
                    path,
                    provided_for_type(provided, concrete),
                )

    def _via_interface_owner(
        self,
        step: FetchStep,
        builder: SelectionBuilder,
        selection: NSelection,
        path: tuple[str, ...],
        provided: ProvidedTree | None,
    ) -> bool:
        """An @interfaceObject only knows the interface: ask its owner for the concrete type.

        Selects the key here, then an `_entities` fetch to a subgraph that owns the interface
        returns `__typename` and the concrete fields (others jump on from there).
        """
        iface = selection.type_name
        info = self.supergraph.types.get(iface)
        here = info.graphs.get(step.subgraph) if info is not None else None
        if info is None or here is None or not here.is_interface_object:
            return False
        owners = [
            graph
            for graph, owner in info.graphs.items()
            if not owner.is_interface_object and info.resolvable_keys(graph)
        ]
        if not owners:
            return False
        target = owners[0]
        keys = info.resolvable_keys(target)
        key = next((k for k in keys if self.rs.key_available(step.subgraph, iface, k)), keys[0])
        key_set = self._field_set(iface, key.selection)
        key_fields = key_set.fields or next(iter(key_set.by_type.values()), [])
        mark = len(self.graph.touched)
        builder.typename()
        self._plan_fields(step, builder, iface, iface, key_fields, path, provided)
        deps = frozenset(s.id for s in self.graph.touched[mark:] if s is not step)
        child = self.graph.entity_step(step, target, path, deps)
        shape = child.requires.fragment(iface)
        shape.typename()
        _copy_selection(shape, key_fields)
        child.key_fields.setdefault(iface, set()).update(
            f.name for f in key_fields if f.name != "__typename"
        )
        into = child.selection.fragment(iface)
        into.typename()
        known = self.supergraph.possible_types_in_graph(target, iface)
        for concrete, fields in selection.by_type.items():
            if concrete in known:
                self._plan_fields(
                    child, into.fragment(concrete), concrete, concrete, fields, path, None
                )
        return True

    def _stays_local(
        self, step: FetchStep, model_type: str, field: NField, provided: ProvidedTree | None
    ) -> bool:
        graph = step.subgraph
        if not self.rs.can_resolve(graph, model_type, field.name, provided):
            return False
        entry = self.rs.entry(graph, model_type, field.name)
        if entry is not None and entry.requires is not None:
            return False  # required fields only reach a subgraph through a representation
        if field.selection is None:
            return True
        child = self.rs.child_provided(graph, model_type, field, provided)
        return self.rs.feasible(graph, field.selection, child) or not self.rs.reachable_by_jump(
            graph, model_type, field
        )

    def _plan_fields(
        self,
        step: FetchStep,
        builder: SelectionBuilder,
        model_type: str,
        concrete: str,
        fields: list[NField],
        path: tuple[str, ...],
        provided: ProvidedTree | None,
    ) -> None:
        """Plan the fields of an object of type `concrete` (`model_type` in `step`'s graph)."""
        pending: list[NField] = []
        for field in fields:
            if field.name == "__typename":
                continue  # filled in by response shaping from the runtime type
            if self._stays_local(step, model_type, field, provided):
                self._add_local(step, builder, model_type, field, path, provided)
            else:
                pending.append(field)
        if pending:
            self._plan_jumps(step, builder, model_type, concrete, pending, path)

    # -- entity jumps -----------------------------------------------------------------------

    def _plan_jumps(
        self,
        step: FetchStep,
        builder: SelectionBuilder,
        model_type: str,
        concrete: str,
        pending: list[NField],
        path: tuple[str, ...],
    ) -> None:
        while pending:
            options: dict[tuple[str, str], list[NField]] = {}
            for field in pending:
                for graph, entity_type in self.rs.jump_targets(concrete, field.name):
                    entry = self.rs.entry(graph, entity_type, field.name)
                    same_place = graph == step.subgraph and entity_type == model_type
                    if same_place and (entry is None or entry.requires is None):
                        continue
                    if (graph, entity_type, concrete) in self._jumping:
                        continue
                    if field.selection is not None and not self.rs.feasible(
                        graph,
                        field.selection,
                        self.rs.child_provided(graph, entity_type, field, None),
                    ):
                        continue
                    options.setdefault((graph, entity_type), []).append(field)
            if not options:
                names = ", ".join(f.name for f in pending)
                raise PlanningError(f"cannot reach {concrete}.{{{names}}} from {step.subgraph}")
            best = max(
                options,
                key=lambda target: (
                    len(options[target]),
                    sum(self.rs.locality(target[0], target[1], f, None) for f in options[target]),
                    -self._order[target[0]],
                ),
            )
            chosen = options[best]
            pending = [field for field in pending if field not in chosen]
            self._jump(step, builder, model_type, concrete, best[0], best[1], chosen, path)

    def _jump(
        self,
        step: FetchStep,
        builder: SelectionBuilder,
        model_type: str,
        concrete: str,
        target: str,
        entity_type: str,
        fields: list[NField],
        path: tuple[str, ...],
    ) -> None:
        keys = self.supergraph.types[entity_type].resolvable_keys(target)
        key = next(
            (k for k in keys if self.rs.key_available(step.subgraph, model_type, k)), keys[0]
        )
        requirements: list[SelectionSetNode] = [key.selection]
        for field in fields:
            entry = self.rs.entry(target, entity_type, field.name)
            if entry is not None and entry.requires is not None:
                requirements.append(entry.requires)
        mark = len(self.graph.touched)
        builder.typename()
        needed = [self._field_set(concrete, requirement) for requirement in requirements]
        jump = (target, entity_type, concrete)
        self._jumping.add(jump)
        try:
            for selection in needed:
                self._plan_fields(step, builder, model_type, concrete, selection.fields, path, None)
        finally:
            self._jumping.discard(jump)
        deps = frozenset(s.id for s in self.graph.touched[mark:] if s is not step)
        child = self.graph.entity_step(step, target, path, deps)
        shape = child.requires.fragment(concrete)
        shape.typename()
        for selection in needed:
            _copy_selection(shape, selection.fields)
        child.key_fields.setdefault(concrete, set()).update(
            f.name for f in needed[0].fields if f.name != "__typename"
        )
        if entity_type != concrete:
            child.typename_rewrites[concrete] = entity_type
        into = child.selection.fragment(entity_type)
        for field in fields:
            self._add_local(child, into, entity_type, field, path, None)

    def _field_set(self, type_name: str, selection: SelectionSetNode) -> NSelection:
        memo_key = (type_name, id(selection))
        found = self._field_sets.get(memo_key)
        if found is None:
            found = normalize_field_set(self.supergraph.schema, type_name, selection)
            self._field_sets[memo_key] = found
        return found


def _copy_selection(builder: SelectionBuilder, fields: list[NField]) -> None:
    """Add a normalized field set to a builder verbatim (representation shapes)."""
    for field in fields:
        if field.name == "__typename":
            builder.typename()
            continue
        build = builder.field(
            field.response_key, field.name, field.arguments, composite=field.selection is not None
        )
        if field.selection is None or build.sub is None:
            continue
        if field.selection.abstract:
            build.sub.typename()
            for concrete, sub_fields in field.selection.by_type.items():
                _copy_selection(build.sub.fragment(concrete), sub_fields)
        else:
            _copy_selection(build.sub, field.selection.fields)
