"""Pass: inline fragment spreads, flatten fragments that apply, merge fields by response key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    is_abstract_type,
)

from router.normalize.skip_include import is_included


def fragment_applies(schema: GraphQLSchema, type_condition: str | None, concrete: str) -> bool:
    """Whether a fragment on `type_condition` applies to objects of type `concrete`."""
    if type_condition is None or type_condition == concrete:
        return True
    condition = schema.get_type(type_condition)
    target = schema.get_type(concrete)
    if condition is None or not is_abstract_type(condition):
        return False
    return isinstance(target, GraphQLObjectType) and schema.is_sub_type(condition, target)


def collect_fields(
    schema: GraphQLSchema,
    concrete: str,
    selection_sets: list[SelectionSetNode],
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
) -> dict[str, list[FieldNode]]:
    """Response key -> field nodes selected on an object of type `concrete`, in order."""
    grouped: dict[str, list[FieldNode]] = {}
    visited: set[str] = set()

    def walk(selection_set: SelectionSetNode) -> None:
        for selection in selection_set.selections:
            if not is_included(selection, variables):
                continue
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                grouped.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if fragment_applies(schema, condition.name.value if condition else None, concrete):
                    walk(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is None or name in visited:
                    continue
                visited.add(name)
                if fragment_applies(schema, fragment.type_condition.name.value, concrete):
                    walk(fragment.selection_set)

    for selection_set in selection_sets:
        walk(selection_set)
    return grouped
