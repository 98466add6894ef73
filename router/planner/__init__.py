"""The query planner: path search over the query graph -> fetch graph -> query plan."""

from router.planner.builder import build_query_plan
from router.planner.search import PlanningError

__all__ = ["PlanningError", "build_query_plan"]
