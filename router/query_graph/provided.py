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
            tree = merged(tree, {selection.name.value: sub})
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            sub = provided_tree(selection.selection_set)
            tree = merged(tree, {f"... on {condition.name.value}": sub} if condition else sub)
    return tree


def merged(left: ProvidedTree, right: ProvidedTree) -> ProvidedTree:
    """Both trees at every depth (new dicts: cached trees are never changed)."""
    result = dict(left)
    for name, sub in right.items():
        result[name] = merged(result[name], sub) if name in result else sub
    return result


def provided_for_type(tree: ProvidedTree | None, type_name: str) -> ProvidedTree | None:
    """The provided fields that apply to an object of concrete type `type_name`."""
    if tree is None:
        return None
    conditioned = tree.get(f"... on {type_name}")
    if conditioned is None:
        return tree
    return merged(tree, conditioned)
