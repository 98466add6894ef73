"""Turn fetch steps into `FetchNode`s; each operation text is rendered once, here."""

from __future__ import annotations

from graphql import OperationDefinitionNode, print_ast

from router.plan import FetchNode, PlanFragment, RepresentationShape
from router.planner.fetch_graph import FetchStep
from router.planner.selection_builder import render_compact


def variable_types(operation: OperationDefinitionNode) -> dict[str, str]:
    """Variable name -> printed type, from the client operation."""
    return {
        definition.variable.name.value: print_ast(definition.type)
        for definition in operation.variable_definitions or ()
    }


def render_step(
    step: FetchStep, operation_name: str | None, types: dict[str, str], index: int
) -> FetchNode:
    """The immutable plan node for one fetch step."""
    selections = step.selection.freeze()
    used = tuple(sorted(step.selection.variables(set())))
    name = f"{operation_name}__{step.subgraph}__{index}" if operation_name else None
    head = step.kind if name is None else f"{step.kind} {name}"
    declared = [f"${var}:{types[var]}" for var in used]
    if step.entity:
        declared.insert(0, "$representations:[_Any!]!")
        body = "{_entities(representations:$representations)" + render_compact(selections) + "}"
        requires = tuple(
            PlanFragment(condition, fragment.freeze())
            for condition, fragment in step.requires.fragments.items()
        )
        representations = tuple(
            RepresentationShape(
                concrete_type=concrete,
                sent_typename=step.typename_rewrites.get(concrete, concrete),
                projection=fragment.projection(),
                key_fields=tuple(sorted(step.key_fields.get(concrete, ()))),
            )
            for concrete, fragment in step.requires.fragments.items()
        )
    else:
        body = render_compact(selections)
        requires = ()
        representations = ()
    variables = "(" + ",".join(declared) + ")" if declared else ""
    plain_query = step.kind == "query" and not name and not variables
    return FetchNode(
        service_name=step.subgraph,
        operation=body if plain_query else f"{head}{variables}{body}",
        operation_kind=step.kind,
        operation_name=name,
        variable_usages=used,
        selections=selections,
        requires=requires,
        representations=representations,
    )
