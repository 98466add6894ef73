"""The reconciler: a background task of each router process that finishes pending intents.

It leases one due intent at a time (``IntentStore.claim_due``: a lease per intent, so several
routers never run the same one at once), runs it as its recorded caller, and backs off while a
step keeps failing. It polls every ``interval`` seconds while idle.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable

from pymongo.errors import PyMongoError

from router.background import BackgroundTask
from router.guards import GuardHost
from router.interfaces import RequestContext
from router.rules.intents import IntentRunner
from router.rules.model import RuleCall, RuleGateway
from router.state import Intent

logger = logging.getLogger("router.reconciler")

PURGE_EVERY = 600  # idle polls between purges of long-finished intents


class Reconciler:
    def __init__(
        self,
        host: GuardHost,
        runner: IntentRunner,
        *,
        interval: float = 0.5,
        setup: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._host = host
        self._setup = setup
        self._runner = runner
        self._interval = interval
        self._holder = f"reconciler-{uuid.uuid4().hex}"
        self._task = BackgroundTask("router-reconciler", self._loop)

    def rebind(self, host: GuardHost) -> None:
        """Run the next intents through ``host`` (a new engine after a supergraph swap)."""
        self._host = host

    def start(self) -> None:
        if self._runner.store is not None:
            self._task.start()

    async def stop(self) -> None:
        await self._task.stop()

    async def run_once(self) -> str | None:
        """Resume one due intent; its new status, or None when none is due."""
        store = self._runner.store
        assert store is not None
        intent = await store.claim_due(self._holder)
        if intent is None:
            return None
        return await self._runner.resume(intent, self._call(intent), self._holder)

    def _call(self, intent: Intent) -> RuleCall:
        context = RequestContext(
            headers={}, request_id=f"intent-{intent.id}", identity=intent.identity
        )
        rule = self._runner.rule(intent.name)
        field = rule.field if rule is not None else intent.name
        gateway = RuleGateway(self._host, context)
        return RuleCall(field, field, intent.arguments, intent.identity, gateway)

    async def _prepare(self) -> None:
        """Run ``setup`` (indexes) until it succeeds."""
        delay = self._interval
        while self._setup is not None:
            try:
                await self._setup()
                return
            except Exception as error:
                logger.warning("router database not ready: %s", error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)

    async def _loop(self) -> None:
        await self._prepare()
        idle = 0
        while True:
            try:
                status = await self.run_once()
            except PyMongoError as error:  # the router's database is down: try again later
                logger.warning("reconciler: router database unavailable: %s", error)
                status = None
            except Exception:  # a bug in a step: logged, the intent's lease ends, retried
                logger.exception("reconciler pass failed")
                status = None
            if status is not None:
                idle = 0
                continue
            idle += 1
            if idle % PURGE_EVERY == 1:
                with contextlib.suppress(Exception):
                    assert self._runner.store is not None
                    await self._runner.store.purge_finished()
            await asyncio.sleep(self._interval)
