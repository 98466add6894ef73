"""Query plans as plain, printable data (Apollo's Fetch/Flatten/Sequence/Parallel/Condition)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# A representation projection: (key in the merged data, field name sent, sub-projection or
# None for leaves, optional), in order; optional fields come from type-conditioned fragments
# and exist only for some types.
type Projection = tuple[tuple[str, str, Projection | None, bool], ...]


@dataclass(frozen=True, slots=True)
class PlanField:
    """A field in a subgraph selection."""

    name: str
    alias: str | None = None
    arguments: str = ""  # printed arguments, e.g. "(first: 5)"
    selections: tuple[PlanSelection, ...] | None = None
    directives: str = ""  # printed @skip/@include, e.g. "@include(if:$withTitle)"


@dataclass(frozen=True, slots=True)
class PlanFragment:
    """An inline fragment in a subgraph selection (no type condition when it only carries
    directives)."""

    type_condition: str
    selections: tuple[PlanSelection, ...]
    directives: str = ""


@dataclass(frozen=True, slots=True)
class Rename:
    """A field a subgraph query had to alias (its type conflicts with a sibling's there).

    `where` walks from a fetched object to the objects holding it, by the response keys the
    subgraph sends (aliases included; lists are walked through); the executor renames
    `alias` back to `key` where the alias is present, deepest renames first.
    """

    where: tuple[str, ...]
    alias: str
    key: str


type PlanSelection = PlanField | PlanFragment


@dataclass(frozen=True, slots=True)
class RepresentationShape:
    """How to build the `_entities` representation of an object of one concrete type."""

    concrete_type: str
    sent_typename: str  # differs for @interfaceObject targets
    projection: Projection
    key_fields: tuple[str, ...]  # a null in one of these means "no entity to fetch"
    # (variable, value) pairs that must hold for this type's objects to be sent at all
    gate: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True, slots=True)
class FetchNode:
    """One subgraph request. Entity fetches carry `requires` (the representation shape)."""

    service_name: str
    operation: str
    operation_kind: str
    operation_name: str | None
    variable_usages: tuple[str, ...]
    selections: tuple[PlanSelection, ...]
    requires: tuple[PlanFragment, ...] = ()
    representations: tuple[RepresentationShape, ...] = ()
    # Entity fetches with the same non-empty key answer a representation alike, so one
    # request reuses what an earlier fetch got (queries only: mutations change data).
    reuse_key: str = ""
    renames: tuple[Rename, ...] = ()
    representations_variable: str = ""  # entity fetches: the variable of `_entities`

    @property
    def is_entity_fetch(self) -> bool:
        """Whether this fetch calls `_entities`."""
        return bool(self.requires)


@dataclass(frozen=True, slots=True)
class FlattenNode:
    """Run the entity fetch `node` once for the objects found at all `paths` ("@" walks lists).

    Objects from every path share one deduplicated list of representations.
    """

    paths: tuple[tuple[str, ...], ...]
    node: FetchNode


@dataclass(frozen=True, slots=True)
class EntityBatchNode:
    """Several entity fetches to one subgraph sent as a single request.

    `operation` selects `_<i>: _entities(representations: $<representation_variables[i]>)`
    for the i-th of `fetches`; each fetch's own operation is what it would send alone (shown
    when the plan is printed, never sent).
    """

    service_name: str
    operation: str
    operation_name: str | None
    variable_usages: tuple[str, ...]  # client variables used by any of the fetches
    representation_variables: tuple[str, ...]
    fetches: tuple[FlattenNode, ...]

    @staticmethod
    def response_key(index: int) -> str:
        """The alias of the i-th fetch's `_entities` field."""
        return f"_{index}"


@dataclass(frozen=True, slots=True)
class SequenceNode:
    """Run nodes one after another."""

    nodes: tuple[PlanNode, ...]


@dataclass(frozen=True, slots=True)
class ParallelNode:
    """Run nodes concurrently."""

    nodes: tuple[PlanNode, ...]


@dataclass(frozen=True, slots=True)
class ConditionNode:
    """Run `if_clause` when the boolean variable is true, `else_clause` otherwise."""

    condition: str
    if_clause: PlanNode | None
    else_clause: PlanNode | None


type PlanNode = (
    FetchNode | FlattenNode | EntityBatchNode | SequenceNode | ParallelNode | ConditionNode
)


@dataclass(frozen=True, slots=True)
class QueryPlan:
    """The root of a plan; `node` is None when nothing has to be fetched."""

    node: PlanNode | None

    def to_json(self) -> dict[str, Any]:
        """Apollo-like JSON shape."""
        return {"kind": "QueryPlan", "node": None if self.node is None else node_to_json(self.node)}

    def pretty(self) -> str:
        """Apollo-like text format."""
        lines = ["QueryPlan {"]
        if self.node is not None:
            _print_node(self.node, 1, lines)
        lines.append("}")
        return "\n".join(lines)


def _selection_to_json(selection: PlanSelection) -> dict[str, Any]:
    if isinstance(selection, PlanFragment):
        fragment: dict[str, Any] = {"kind": "InlineFragment"}
        if selection.type_condition:
            fragment["typeCondition"] = selection.type_condition
        fragment["selections"] = [_selection_to_json(s) for s in selection.selections]
        return fragment
    result: dict[str, Any] = {"kind": "Field", "name": selection.name}
    if selection.alias:
        result["alias"] = selection.alias
    if selection.selections is not None:
        result["selections"] = [_selection_to_json(s) for s in selection.selections]
    return result


def node_to_json(node: PlanNode) -> dict[str, Any]:
    """JSON form of one plan node."""
    if isinstance(node, FetchNode):
        result: dict[str, Any] = {
            "kind": "Fetch",
            "serviceName": node.service_name,
            "variableUsages": list(node.variable_usages),
            "operation": node.operation,
            "operationKind": node.operation_kind,
        }
        if node.operation_name:
            result["operationName"] = node.operation_name
        if node.requires:
            result["requires"] = [_selection_to_json(s) for s in node.requires]
        rewrites = [
            {
                "kind": "ValueSetter",
                "path": [f"... on {shape.concrete_type}", "__typename"],
                "setValueTo": shape.sent_typename,
            }
            for shape in node.representations
            if shape.concrete_type != shape.sent_typename
        ]
        if rewrites:
            result["inputRewrites"] = rewrites
        return result
    if isinstance(node, FlattenNode):
        result = {"kind": "Flatten", "path": list(node.paths[0])}
        if len(node.paths) > 1:
            result["paths"] = [list(path) for path in node.paths]
        result["node"] = node_to_json(node.node)
        return result
    if isinstance(node, EntityBatchNode):
        result = {
            "kind": "EntityBatch",
            "serviceName": node.service_name,
            "variableUsages": list(node.variable_usages),
            "operation": node.operation,
        }
        if node.operation_name:
            result["operationName"] = node.operation_name
        result["nodes"] = [node_to_json(fetch) for fetch in node.fetches]
        return result
    if isinstance(node, SequenceNode | ParallelNode):
        kind = "Sequence" if isinstance(node, SequenceNode) else "Parallel"
        return {"kind": kind, "nodes": [node_to_json(child) for child in node.nodes]}
    return {
        "kind": "Condition",
        "condition": node.condition,
        "ifClause": None if node.if_clause is None else node_to_json(node.if_clause),
        "elseClause": None if node.else_clause is None else node_to_json(node.else_clause),
    }


def _print_selections(selections: tuple[PlanSelection, ...], depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    for selection in selections:
        if isinstance(selection, PlanFragment):
            head = f"... on {selection.type_condition}" if selection.type_condition else "..."
            if selection.directives:
                head += " " + selection.directives
            lines.append(f"{pad}{head} {{")
            _print_selections(selection.selections, depth + 1, lines)
            lines.append(f"{pad}}}")
            continue
        head = f"{selection.alias}: " if selection.alias else ""
        head += selection.name + selection.arguments
        if selection.directives:
            head += " " + selection.directives
        if selection.selections is None:
            lines.append(pad + head)
        else:
            lines.append(f"{pad}{head} {{")
            _print_selections(selection.selections, depth + 1, lines)
            lines.append(f"{pad}}}")


def _print_block(selections: tuple[PlanSelection, ...], depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    lines.append(pad + "{")
    _print_selections(selections, depth + 1, lines)
    lines.append(pad + "}")


def _print_node(node: PlanNode, depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    if isinstance(node, FetchNode):
        lines.append(f'{pad}Fetch(service: "{node.service_name}") {{')
        if node.requires:
            _print_block(node.requires, depth + 1, lines)
            lines[-1] += " =>"
        _print_block(node.selections, depth + 1, lines)
        lines.append(pad + "},")
    elif isinstance(node, FlattenNode):
        paths = [f'"{".".join(path)}"' for path in node.paths]
        where = f"path: {paths[0]}" if len(paths) == 1 else f"paths: [{', '.join(paths)}]"
        lines.append(f"{pad}Flatten({where}) {{")
        _print_node(node.node, depth + 1, lines)
        lines.append(pad + "},")
    elif isinstance(node, EntityBatchNode):
        lines.append(f'{pad}EntityBatch(service: "{node.service_name}") {{')
        for fetch in node.fetches:
            _print_node(fetch, depth + 1, lines)
        lines.append(pad + "},")
    elif isinstance(node, SequenceNode | ParallelNode):
        kind = "Sequence" if isinstance(node, SequenceNode) else "Parallel"
        lines.append(f"{pad}{kind} {{")
        for child in node.nodes:
            _print_node(child, depth + 1, lines)
        lines.append(pad + "},")
    else:
        lines.append(f"{pad}Condition(if: ${node.condition}) {{")
        if node.if_clause is not None:
            lines.append(f"{pad}  Then {{")
            _print_node(node.if_clause, depth + 2, lines)
            lines.append(f"{pad}  }}")
        if node.else_clause is not None:
            lines.append(f"{pad}  Else {{")
            _print_node(node.else_clause, depth + 2, lines)
            lines.append(f"{pad}  }}")
        lines.append(pad + "},")
