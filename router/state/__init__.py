"""The router's own MongoDB database (``ROUTER_MONGODB_URI``): state that survives restarts
and is shared by every router process. One collection per concern, each in its own module."""

from router.state.database import RouterDatabase
from router.state.intents import Intent, IntentStore
from router.state.locks import KeyLocks

__all__ = ["Intent", "IntentStore", "KeyLocks", "RouterDatabase"]
