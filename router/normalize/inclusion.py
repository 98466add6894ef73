"""When a selection is included, given `@skip`/`@include` on variables: a disjunction of
conjunctions of (variable, required value) literals; `None` means always."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

type Literal = tuple[str, bool]
type Term = frozenset[Literal]
type Inclusion = frozenset[Term] | None

ALWAYS: Inclusion = None
NEVER: Inclusion = frozenset()  # no alternative left: contradictory conditions


def literal(variable: str, value: bool) -> Inclusion:
    """Included exactly when `variable` has `value`."""
    return frozenset({frozenset({(variable, value)})})


def both(left: Inclusion, right: Inclusion) -> Inclusion:
    """Included when both are (contradictory terms dropped)."""
    if left is None:
        return right
    if right is None:
        return left
    terms = set()
    for a in left:
        for b in right:
            term = a | b
            if not any((name, not value) in term for name, value in term):
                terms.add(term)
    return frozenset(terms)


def either(left: Inclusion, right: Inclusion) -> Inclusion:
    """Included when one of them is."""
    if left is None or right is None:
        return None
    return left | right


def holds(inclusion: Inclusion, variables: Mapping[str, Any]) -> bool:
    """Whether the selection is included for these variable values."""
    if inclusion is None:
        return True
    return any(
        all(bool(variables.get(name)) is value for name, value in term) for term in inclusion
    )


def without(inclusion: Inclusion, known: Term) -> Inclusion:
    """The inclusion once the literals of `known` are known to hold."""
    if inclusion is None:
        return None
    terms = set()
    for term in inclusion:
        if any((name, not value) in known for name, value in term):
            continue
        rest = term - known
        if not rest:
            return None
        terms.add(rest)
    return frozenset(terms)
