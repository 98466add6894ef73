"""Abstract positions: an interface or union, planned per possible object type.

Entries that know the object types (a real interface or union in their subgraph) return
`__typename`, and each object type they can return is planned as a position of its own.
`@interfaceObject` entries only know the interface: when every object type selects the
same fields (and not `__typename`), the position is planned at the interface's level;
otherwise an owner of the interface is asked for the objects' types first (a lookup).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from router.normalize.tree import NSelection
from router.normalize.uniform import uniform_fields
from router.planner.tree import AbstractPlan, Segment
from router.query_graph import EntityJump

if TYPE_CHECKING:
    from router.planner.search.search import Search


def plan_abstract(
    search: Search,
    entries: tuple[Segment, ...],
    selection: NSelection,
    servers: frozenset[tuple[str, str]],
    whole_entities: bool = False,
) -> AbstractPlan | None:
    """The plan of an abstract selection entered through `entries`; only object types that
    every server of the position knows are planned (the others are not safe to ask for).
    `whole_entities`: an entity type takes its fields from one entry only."""
    graph = search.graph
    interface_objects = tuple(
        index
        for index, entry in enumerate(entries)
        if graph.is_interface_object(entry.subgraph, entry.type_in_graph)
    )
    if len(interface_objects) < len(entries):
        if not selection.by_type and selection.interface_fields:
            # an interface nothing implements: only its own fields can be asked for
            flat = search.object(selection.type_name, entries, selection.interface_fields, servers)
            return None if flat is None else AbstractPlan(entries, interface=flat, cost=flat.cost)
        return _per_object_type(
            search, entries, interface_objects, selection, servers, whole_entities
        )
    return _interface_level(search, entries, selection, servers)


def _per_object_type(
    search: Search,
    entries: tuple[Segment, ...],
    interface_objects: tuple[int, ...],
    selection: NSelection,
    servers: frozenset[tuple[str, str]],
    whole_entities: bool,
) -> AbstractPlan | None:
    if not whole_entities or len(entries) - len(interface_objects) < 2:
        return _object_types(search, entries, interface_objects, selection, servers, None)
    best: AbstractPlan | None = None
    for only in range(len(entries)):  # every entity type from the same one root answer
        if only in interface_objects:
            continue
        plan = _object_types(search, entries, interface_objects, selection, servers, only)
        if plan is not None and (best is None or plan.cost < best.cost):
            best = plan
    return best


def _object_types(
    search: Search,
    entries: tuple[Segment, ...],
    interface_objects: tuple[int, ...],
    selection: NSelection,
    servers: frozenset[tuple[str, str]],
    entities_from: int | None,
) -> AbstractPlan | None:
    """Each object type planned at this position; with `entities_from`, entity types enter
    through that entry only (value types through every entry that returns them)."""
    graph = search.graph
    plan = AbstractPlan(entries=entries)
    knowing_servers = [
        (subgraph, type_name)
        for subgraph, type_name in servers
        if not graph.is_interface_object(subgraph, type_name)
    ]
    for type_name, fields in selection.by_type.items():
        if not all(type_name in graph.runtime_types(*server) for server in knowing_servers):
            continue  # a server that may answer here never returns this type: not safe
        knowing = tuple(
            index
            for index, entry in enumerate(entries)
            if index not in interface_objects
            and type_name in graph.runtime_types(entry.subgraph, entry.type_in_graph)
        )
        if entities_from is not None and not graph.is_value_type(type_name):
            knowing = tuple(index for index in knowing if index == entities_from)
            if not knowing and any(field.name != "__typename" for field in fields):
                return None
        if not knowing:
            continue  # no entry can return objects of this type here
        sub_entries = tuple(
            Segment(
                entries[index].subgraph,
                type_name,
                search.provided_for(entries[index].provided, type_name),
            )
            for index in knowing
        ) + tuple(entries[index] for index in interface_objects)
        sub = search.object(type_name, sub_entries, fields, _narrowed(search, servers, type_name))
        if sub is None:
            return None
        plan.by_type[type_name] = sub
        plan.entry_map[type_name] = knowing + interface_objects
        plan.cost += sub.cost
    return plan


def _narrowed(
    search: Search, servers: frozenset[tuple[str, str]], type_name: str
) -> frozenset[tuple[str, str]]:
    """The servers of an abstract position that serve objects of `type_name`."""
    graph = search.graph
    return frozenset(
        (subgraph, type_name if not graph.is_interface_object(subgraph, known) else known)
        for subgraph, known in servers
        if type_name in graph.runtime_types(subgraph, known)
        or graph.is_interface_object(subgraph, known)
    )


def _interface_level(
    search: Search,
    entries: tuple[Segment, ...],
    selection: NSelection,
    servers: frozenset[tuple[str, str]],
) -> AbstractPlan | None:
    interface = selection.type_name
    uniform = uniform_fields(selection)
    if uniform is not None:
        flat = search.object(interface, entries, uniform, servers)
        if flat is not None:
            return AbstractPlan(entries=entries, interface=flat, cost=flat.cost)
    graph = search.graph
    best: AbstractPlan | None = None
    grouped: dict[str, tuple[EntityJump, ...]] = {}
    for jump in graph.jumps(interface):
        if not graph.is_interface_object(jump.subgraph, interface):
            grouped[jump.subgraph] = (*grouped.get(jump.subgraph, ()), jump)
    for subgraph, jumps in grouped.items():
        lookup = Segment(subgraph, interface, jumps=jumps)
        plan = _lookup(search, entries, selection, lookup, servers)
        if plan is not None and (best is None or plan.cost < best.cost):
            best = plan
    return best


def _lookup(
    search: Search,
    entries: tuple[Segment, ...],
    selection: NSelection,
    lookup: Segment,
    servers: frozenset[tuple[str, str]],
) -> AbstractPlan | None:
    """Ask `lookup`'s subgraph (an owner of the interface) for the objects' types, then plan
    each object type entered there (the interface-object entries still serve their fields)."""
    graph = search.graph
    interface = selection.type_name
    index = len(entries)
    resolved = search.assign(interface, [*entries, lookup], index, [], keep=index)
    if resolved is None:
        return None
    plan = AbstractPlan(entries=entries, interface=resolved, lookup=index, cost=resolved.cost)
    for type_name, fields in selection.by_type.items():
        if type_name not in graph.runtime_types(lookup.subgraph, interface):
            continue
        sub_entries = (Segment(lookup.subgraph, type_name), *entries)
        sub = search.object(type_name, sub_entries, fields, _narrowed(search, servers, type_name))
        if sub is None:
            return None
        plan.by_type[type_name] = sub
        plan.entry_map[type_name] = (index, *range(len(entries)))
        plan.cost += sub.cost
    return plan
