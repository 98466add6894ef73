"""The rules of ``ROUTER_RULES`` with their durable-write machinery, built from the settings."""

from __future__ import annotations

from datetime import timedelta

from router.guards import GuardFactory, GuardHost
from router.rules.guard import rules_guard_factory
from router.rules.intents import IntentRunner
from router.rules.loading import load_rules
from router.rules.reconciler import Reconciler
from router.settings import RouterSettings
from router.state import IntentStore, KeyLocks, RouterDatabase
from router.state.intents import ensure_intent_indexes


class RulesSetup:
    """Loads the rules; with the router's database (``ROUTER_MONGODB_URI``) records their
    intents and reconciles. The database belongs to the caller (opened and closed there)."""

    def __init__(self, settings: RouterSettings, database: RouterDatabase | None) -> None:
        assert settings.rules is not None
        self.rules = load_rules(settings.rules)
        self._settings = settings
        self.database = database
        store = locks = None
        if self.database is not None:
            lease = timedelta(seconds=settings.intent_lease)
            store = IntentStore(self.database.db, lease)
            locks = KeyLocks(self.database.db, lease)
        self.runner = IntentRunner(
            self.rules,
            store,
            locks,
            lease=settings.intent_lease,
            lock_wait=settings.intent_lock_wait,
            retry_base=settings.intent_retry_base,
        )
        self.reconciler: Reconciler | None = None

    def guard_factory(self) -> GuardFactory:
        return rules_guard_factory(self.rules, self.runner)

    def start(self, host: GuardHost) -> None:
        """Start the reconciler (it creates the indexes first, retrying while the database is
        down)."""
        if self.database is None:
            return
        self.reconciler = Reconciler(
            host,
            self.runner,
            interval=self._settings.reconcile_interval,
            setup=lambda: self._database_setup(),
        )
        self.reconciler.start()

    def rebind(self, host: GuardHost) -> None:
        """After a supergraph swap: the reconciler runs intents through the new engine."""
        if self.reconciler is not None:
            self.reconciler.rebind(host)

    async def _database_setup(self) -> None:
        assert self.database is not None
        await self.database.ensure(ensure_intent_indexes)

    async def stop(self) -> None:
        if self.reconciler is not None:
            await self.reconciler.stop()
