"""Demand control: the cost of an operation from the supergraph's ``@cost`` / ``@listSize``
(IBM GraphQL cost directive specification, as composed by Federation 2.9).

``CostModel`` reads the directives; ``estimated_cost`` prices an operation before anything
runs, ``actual_cost`` prices the response it got; ``DemandPolicy`` compares the estimate with
the caller's budget; ``CostGate`` bounds the estimated cost executing at once. Nothing here knows a
schema's field names.
"""

from router.demand.actual import actual_cost
from router.demand.admission import CostGate
from router.demand.estimate import estimated_cost
from router.demand.model import CostModel, ListSizeSpec
from router.demand.policy import CostMode, DemandPolicy

__all__ = [
    "CostGate",
    "CostMode",
    "CostModel",
    "DemandPolicy",
    "ListSizeSpec",
    "actual_cost",
    "estimated_cost",
]
