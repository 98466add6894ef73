"""`@provides` as a tree: which external fields a subgraph returns below a field."""

from __future__ import annotations

from functools import lru_cache

from graphql import FieldNode, InlineFragmentNode, SelectionSetNode

type ProvidedTree = dict[str, ProvidedTree]


@lru_cache(maxsize=1024)
def provided_tree(selection_set: SelectionSetNode) -> ProvidedTree:
    """Field name -> provided sub-tree; type-conditioned parts under `"... on Type"`."""
    tree: ProvidedTree = {}
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            sub = provided_tree(selection.selection_set) if selection.selection_set else {}
            tree.setdefault(selection.name.value, {}).update(sub)
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            key = f"... on {condition.name.value}" if condition else ""
            sub = provided_tree(selection.selection_set)
            if key:
                tree.setdefault(key, {}).update(sub)
            else:
                tree.update(sub)
    return tree


def provided_for_type(tree: ProvidedTree | None, type_name: str) -> ProvidedTree | None:
    """The provided fields that apply to an object of concrete type `type_name`."""
    if tree is None:
        return None
    conditioned = tree.get(f"... on {type_name}")
    if conditioned is None:
        return tree
    return {**tree, **conditioned}
