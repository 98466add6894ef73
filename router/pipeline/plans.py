"""A compiled plan, as cached on a parsed operation by ``planning``."""

from __future__ import annotations

from dataclasses import dataclass, field

from router.authorization import OperationGuards
from router.normalize import NormalizedOperation
from router.plan import QueryPlan


@dataclass(frozen=True)
class CompiledPlan:
    """A cached plan with the normalized operation used to shape its responses."""

    plan: QueryPlan
    operation: NormalizedOperation
    guards: OperationGuards | None = None  # fields under authorization directives, if any
    restricted: dict[frozenset[int], CompiledPlan] = field(default_factory=dict)  # by denied set
