"""Pass: drop selections excluded by @skip / @include for the given variable values."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import BooleanValueNode, Node, VariableNode, visit
from graphql.language import Visitor


def _condition(value: Node, variables: Mapping[str, Any]) -> bool:
    if isinstance(value, BooleanValueNode):
        return value.value
    if isinstance(value, VariableNode):
        return bool(variables.get(value.name.value))
    return True


def is_included(node: Node, variables: Mapping[str, Any]) -> bool:
    """Whether a field / fragment survives its @skip and @include directives."""
    for directive in getattr(node, "directives", None) or ():
        name = directive.name.value
        if name not in ("skip", "include"):
            continue
        for arg in directive.arguments or ():
            if arg.name.value == "if":
                result = _condition(arg.value, variables)
                if (name == "skip" and result) or (name == "include" and not result):
                    return False
    return True


def conditional_variables(node: Node) -> tuple[str, ...]:
    """Names of the variables used by @skip/@include anywhere under `node` (sorted)."""
    names: set[str] = set()

    class _Collector(Visitor):
        def enter_directive(self, directive: Any, *_: Any) -> None:
            if directive.name.value in ("skip", "include"):
                names.update(_variables(directive))

    visit(node, _Collector())
    return tuple(sorted(names))


def _variables(directive: Any) -> Iterator[str]:
    for arg in directive.arguments or ():
        if isinstance(arg.value, VariableNode):
            yield arg.value.name.value
