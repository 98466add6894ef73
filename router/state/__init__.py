"""The router's own MongoDB database (``ROUTER_MONGODB_URI``, ``ROUTER_MONGODB_DB``): state
shared by every router process. One module per collection."""

from router.state.database import RouterDatabase
from router.state.rate_counters import RateCounters

__all__ = ["RateCounters", "RouterDatabase"]
