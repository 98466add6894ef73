"""Stage 5: drop the fields this request may not see (authorization directives)."""

from __future__ import annotations

from dataclasses import dataclass

from router.authorization import Authorization, Restriction
from router.interfaces import RequestContext
from router.pipeline.planning import Planner
from router.pipeline.plans import CompiledPlan


@dataclass(frozen=True, slots=True)
class Authorized:
    """What runs for this request: the compiled plan, or its restricted variant."""

    plan: CompiledPlan
    restriction: Restriction | None = None  # the denied fields, if any


async def authorize(
    authorization: Authorization,
    planner: Planner,
    compiled: CompiledPlan,
    context: RequestContext,
    labels: frozenset[str],
) -> Authorized:
    """The plan to run (may raise ``PlanningError`` planning the restricted operation)."""
    if compiled.guards is None:
        return Authorized(compiled)
    restriction = await authorization.restriction(compiled.guards, context)
    if restriction is None:
        return Authorized(compiled)
    return Authorized(planner.restricted(compiled, restriction, labels), restriction)
