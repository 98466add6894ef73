"""The router's own MongoDB database (``ROUTER_MONGODB_URI``, ``ROUTER_MONGODB_DB``): state
that survives restarts and is shared by every router process. One module per collection."""

from router.state.database import RouterDatabase
from router.state.intents import Intent, IntentStore
from router.state.locks import KeyLocks
from router.state.rate_counters import RateCounters

__all__ = ["Intent", "IntentStore", "KeyLocks", "RateCounters", "RouterDatabase"]
