"""The caller's budget and what happens above it (``enforce``, ``measure`` or ``off``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from router.errors import graphql_error

type CostMode = Literal["enforce", "measure", "off"]

REFUSAL_CODE = "COST_ESTIMATED_TOO_EXPENSIVE"


@dataclass(frozen=True, slots=True)
class DemandPolicy:
    """Budgets per caller kind; ``default_list_size`` for lists without ``@listSize``; the
    admission gate's capacity (0: none) and the cost below which operations skip it."""

    mode: CostMode = "enforce"
    anonymous_budget: int = 1000
    authenticated_budget: int = 5000
    default_list_size: int = 10
    in_flight_capacity: int = 0
    in_flight_free: int = 50

    def budget(self, authenticated: bool) -> int:
        return self.authenticated_budget if authenticated else self.anonymous_budget

    def refusal(self, estimated: int, authenticated: bool) -> list[dict[str, Any]] | None:
        """The errors refusing an operation over the budget (only when enforcing)."""
        budget = self.budget(authenticated)
        if self.mode != "enforce" or estimated <= budget:
            return None
        caller = "a logged-in caller" if authenticated else "an anonymous caller"
        message = (
            f"The operation's estimated cost is {estimated}; the limit for {caller} is "
            f"{budget}. Ask for fewer items (e.g. a smaller `first`) or fewer nested lists."
        )
        return [graphql_error(message, REFUSAL_CODE, estimatedCost=estimated, maxCost=budget)]
