"""The query planner: normalized operation -> fetch graph -> query plan."""

from router.planner.builder import build_query_plan
from router.planner.resolvability import Resolvability
from router.planner.walker import PlanningError

__all__ = ["PlanningError", "Resolvability", "build_query_plan"]
