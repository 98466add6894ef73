"""Pass: apply @skip / @include (for given variable values, or kept as inclusions)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from graphql import BooleanValueNode, Node, VariableNode, visit
from graphql.language import Visitor

from router.normalize.inclusion import Inclusion, both, literal

EXCLUDED: Final = object()  # a literal @skip(if: true) / @include(if: false)


def inclusion_of(node: Node, variables: Mapping[str, Any] | None) -> Inclusion | object:
    """When a field / fragment is included: `EXCLUDED`, always (None) or on variables.

    With `variables`, conditions on variables are decided; without, they are kept.
    """
    result: Inclusion = None
    for directive in getattr(node, "directives", None) or ():
        name = directive.name.value
        if name not in ("skip", "include"):
            continue
        wanted = name == "include"  # the value of `if` that includes the node
        for arg in directive.arguments or ():
            if arg.name.value != "if":
                continue
            value = arg.value
            if isinstance(value, BooleanValueNode):
                if value.value is not wanted:
                    return EXCLUDED
            elif isinstance(value, VariableNode):
                variable = value.name.value
                if variables is None:
                    result = both(result, literal(variable, wanted))
                elif bool(variables.get(variable)) is not wanted:
                    return EXCLUDED
    return result


def is_included(node: Node, variables: Mapping[str, Any]) -> bool:
    """Whether a field / fragment survives its @skip and @include directives."""
    return inclusion_of(node, variables) is not EXCLUDED


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
