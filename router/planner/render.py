"""Turn fetch steps into plan nodes; each operation text is rendered once, here."""

from __future__ import annotations

from dataclasses import dataclass

from graphql import print_ast

from router.normalize.inclusion import Term
from router.normalize.tree import NormalizedOperation
from router.plan import (
    ConditionNode,
    EntityBatchNode,
    FetchNode,
    FlattenNode,
    PlanFragment,
    PlanNode,
    Rename,
    RepresentationShape,
)
from router.planner.fetch_graph import FetchStep, PlanStep, StepBatch
from router.planner.selection_builder import render_compact

_REPRESENTATIONS_TYPE = "[_Any!]!"


@dataclass(frozen=True)
class RenderContext:
    """What rendering needs from the client operation."""

    operation_name: str | None
    variable_types: dict[str, str]  # variable name -> printed type (and default value)
    reuse_entities: bool  # whether entity answers may be reused within a request

    @classmethod
    def of(cls, operation: NormalizedOperation) -> RenderContext:
        """The context of a normalized client operation."""
        types = {
            definition.variable.name.value: print_ast(definition.type)
            + (
                ""
                if definition.default_value is None
                else "=" + print_ast(definition.default_value)
            )
            for definition in operation.definition.variable_definitions or ()
        }
        return cls(operation.name, types, reuse_entities=operation.kind != "mutation")

    def operation_name_for(self, subgraph: str, index: int) -> str | None:
        """`<client operation>__<subgraph>__<index>`, when the client operation is named."""
        return f"{self.operation_name}__{subgraph}__{index}" if self.operation_name else None


def render_unit(unit: PlanStep, context: RenderContext, index: int) -> PlanNode:
    """The plan node of a step: Fetch (root), Flatten (entity) or EntityBatch."""
    if isinstance(unit, StepBatch):
        return _gated(render_batch(unit, context, index), unit.steps[0].gate)
    fetch = render_step(unit, context, context.operation_name_for(unit.subgraph, index))
    return _gated(FlattenNode(tuple(unit.paths), fetch) if unit.entity else fetch, unit.gate)


def _gated(node: PlanNode, gate: Term) -> PlanNode:
    """Wrap a node in one Condition node per literal it waits for (@include: then-branch)."""
    for variable, value in sorted(gate, reverse=True):
        node = ConditionNode(variable, node, None) if value else ConditionNode(variable, None, node)
    return node


def _head(kind: str, name: str | None, declared: list[str]) -> str:
    variables = "(" + ",".join(declared) + ")" if declared else ""
    if kind == "query" and not name and not variables:
        return ""  # the shorthand `{...}`
    return (kind if name is None else f"{kind} {name}") + variables


def render_step(step: FetchStep, context: RenderContext, name: str | None) -> FetchNode:
    """The immutable fetch node for one fetch step (`name`: its operation name)."""
    renames: list[Rename] = []
    selections = step.selection.freeze(renames)
    used = tuple(sorted(step.selection.variables(set())))
    declared = [f"${var}:{context.variable_types[var]}" for var in used]
    reuse_key = ""
    variable = ""
    if step.entity:
        variable = representations_variable(None, set(context.variable_types))
        declared.insert(0, f"${variable}:{_REPRESENTATIONS_TYPE}")
        selection_text = render_compact(selections)
        body = f"{{_entities(representations:${variable})" + selection_text + "}"
        if context.reuse_entities:
            reuse_key = f"{step.subgraph} {selection_text}"
        requires = tuple(
            PlanFragment(condition, fragment.freeze_shape())
            for condition, fragment in step.requires.fragments.items()
        )
        representations = tuple(
            RepresentationShape(
                concrete_type=concrete,
                sent_typename=step.typename_rewrites.get(concrete, concrete),
                projection=fragment.projection(),
                key_fields=tuple(sorted(step.key_fields.get(concrete, ()))),
                gate=tuple(sorted(_type_gate(step, concrete))),
            )
            for concrete, fragment in step.requires.fragments.items()
        )
    else:
        body = render_compact(selections)
        requires = ()
        representations = ()
    return FetchNode(
        service_name=step.subgraph,
        operation=_head(step.kind, name, declared) + body,
        operation_kind=step.kind,
        operation_name=name,
        variable_usages=used,
        selections=selections,
        requires=requires,
        representations=representations,
        representations_variable=variable,
        reuse_key=reuse_key,
        renames=tuple(renames),
    )


def _type_gate(step: FetchStep, shown: str) -> Term:
    """The literals an object of `__typename` `shown` waits for in this entity step."""
    sent = step.typename_rewrites.get(shown, shown)
    return step.type_gates.get(shown) or step.type_gates.get(sent) or frozenset()


def representations_variable(index: int | None, taken: set[str]) -> str:
    """The variable carrying the (i-th batched) call's representations, clear of the client's
    variable names."""
    name = "representations" if index is None else f"_{index}_representations"
    while name in taken:
        name = "_" + name
    return name


def render_batch(batch: StepBatch, context: RenderContext, index: int) -> EntityBatchNode:
    """One operation with an aliased `_entities` field per batched step."""
    flattens = tuple(
        FlattenNode(tuple(step.paths), render_step(step, context, None)) for step in batch.steps
    )
    used = tuple(sorted({var for flatten in flattens for var in flatten.node.variable_usages}))
    taken = set(used)
    fields: list[str] = []
    declared: list[str] = []
    variables: list[str] = []
    for position, flatten in enumerate(flattens):
        variable = representations_variable(position, taken)
        variables.append(variable)
        declared.append(f"${variable}:{_REPRESENTATIONS_TYPE}")
        fields.append(
            f"{EntityBatchNode.response_key(position)}:_entities(representations:${variable})"
            + render_compact(flatten.node.selections)
        )
    declared.extend(f"${var}:{context.variable_types[var]}" for var in used)
    name = context.operation_name_for(batch.subgraph, index)
    return EntityBatchNode(
        service_name=batch.subgraph,
        operation=_head("query", name, declared) + "{" + " ".join(fields) + "}",
        operation_name=name,
        variable_usages=used,
        representation_variables=tuple(variables),
        fetches=flattens,
    )
