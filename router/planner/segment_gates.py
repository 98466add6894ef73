"""When a jump is needed at all: the `@skip`/`@include` literals everything it serves shares.

A jump serves the client fields placed in it and the conditions of later jumps that it
hosts. When all of them wait on the same literals, so can the key (and requirement) fields
fetched for it, and the fetches serving only those then run only when the literals hold.
"""

from __future__ import annotations

from router.normalize.inclusion import Inclusion, Term
from router.planner.tree import PositionPlan


def segment_gates(plan: PositionPlan) -> dict[int, Term]:
    """Jump segment index -> the literals it waits for (empty: always needed)."""
    gates: dict[int, Term] = {}
    for index in reversed(plan.order):  # a jump's dependents come after it in `order`
        served: list[Inclusion] = [f.field.inclusion for f in plan.fields if index in f.segments]
        for other in plan.order:
            if other in gates and any(
                index in field.segments for field in plan.conditions[other].fields
            ):
                served.append(frozenset({gates[other]}) if gates[other] else None)
        gates[index] = _shared(served)
    return gates


def _shared(inclusions: list[Inclusion]) -> Term:
    shared: Term | None = None
    for inclusion in inclusions:
        if inclusion is None or len(inclusion) != 1:
            return frozenset()
        (term,) = inclusion
        shared = term if shared is None else shared & term
    return shared or frozenset()
