"""Path search: choose, per position of the operation, the cheapest way through the query
graph (fewest fetches, then fewest added fields) that reaches every selected field."""

from router.planner.search.errors import PlanningError
from router.planner.search.search import Search

__all__ = ["PlanningError", "Search"]
