"""Pass: inline fragment spreads, flatten fragments that apply, merge fields by response key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    is_abstract_type,
)

from router.normalize.inclusion import NEVER, Inclusion, both
from router.normalize.skip_include import EXCLUDED, inclusion_of

type Occurrence = tuple[FieldNode, Inclusion]


def fragment_applies(schema: GraphQLSchema, type_condition: str | None, concrete: str) -> bool:
    """Whether a fragment on `type_condition` applies to objects of type `concrete` (or, at
    an interface's own level, to every object of that interface)."""
    if type_condition is None or type_condition == concrete:
        return True
    condition = schema.get_type(type_condition)
    target = schema.get_type(concrete)
    if condition is None or not is_abstract_type(condition):
        return False
    return isinstance(target, GraphQLObjectType | GraphQLInterfaceType) and schema.is_sub_type(
        condition, target
    )


def collect_fields(
    schema: GraphQLSchema,
    concrete: str,
    selection_sets: list[tuple[SelectionSetNode, Inclusion]],
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None,
) -> dict[str, list[Occurrence]]:
    """Response key -> field nodes selected on an object of type `concrete`, in order, each
    with when it is included (`variables` None: @skip/@include on variables are kept)."""
    grouped: dict[str, list[Occurrence]] = {}

    def walk(selection_set: SelectionSetNode, inherited: Inclusion) -> None:
        for selection in selection_set.selections:
            own = inclusion_of(selection, variables)
            if own is EXCLUDED:
                continue
            inclusion = both(inherited, own)  # type: ignore[arg-type]
            if inclusion == NEVER:
                continue  # e.g. @skip(if: $v) @include(if: $v): no value includes it
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                grouped.setdefault(key, []).append((selection, inclusion))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if fragment_applies(schema, condition.name.value if condition else None, concrete):
                    walk(selection.selection_set, inclusion)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = fragments.get(selection.name.value)
                if fragment is not None and fragment_applies(
                    schema, fragment.type_condition.name.value, concrete
                ):
                    walk(fragment.selection_set, inclusion)

    for selection_set, inclusion in selection_sets:
        walk(selection_set, inclusion)
    return grouped
