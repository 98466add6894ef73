"""Named fragment spreads as inline fragments, so that every selection has one place."""

from __future__ import annotations

from collections.abc import Mapping

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionNode,
    SelectionSetNode,
)


def inline_spreads(
    selection_set: SelectionSetNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> SelectionSetNode:
    """``selection_set`` with each ``...Name`` replaced by ``... on Type`` (directives kept)."""
    selections: list[SelectionNode] = []
    for selection in selection_set.selections:
        if isinstance(selection, FragmentSpreadNode):
            definition = fragments[selection.name.value]
            selections.append(
                InlineFragmentNode(
                    type_condition=definition.type_condition,
                    directives=selection.directives,
                    selection_set=inline_spreads(definition.selection_set, fragments),
                )
            )
        elif isinstance(selection, InlineFragmentNode):
            selections.append(
                InlineFragmentNode(
                    type_condition=selection.type_condition,
                    directives=selection.directives,
                    selection_set=inline_spreads(selection.selection_set, fragments),
                )
            )
        elif isinstance(selection, FieldNode) and selection.selection_set is not None:
            selections.append(
                FieldNode(
                    alias=selection.alias,
                    name=selection.name,
                    arguments=selection.arguments,
                    directives=selection.directives,
                    selection_set=inline_spreads(selection.selection_set, fragments),
                )
            )
        else:
            selections.append(selection)
    return SelectionSetNode(selections=tuple(selections))
