"""Reading directive applications off SDL AST nodes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import DirectiveNode, Node, value_from_ast_untyped


def directive_nodes(node: Node | None, name: str) -> Iterator[DirectiveNode]:
    """Every application of directive `name` on an SDL node (in order)."""
    if node is None:
        return
    for directive in getattr(node, "directives", None) or ():
        if directive.name.value == name:
            yield directive


def directive_args(directive: DirectiveNode) -> dict[str, Any]:
    """The literal arguments of one directive application as Python values."""
    return {arg.name.value: value_from_ast_untyped(arg.value) for arg in directive.arguments or ()}


def has_directive(node: Node | None, name: str) -> bool:
    """Whether `node` carries at least one application of directive `name`."""
    return next(directive_nodes(node, name), None) is not None
