"""Runs durable writes (``Rule.durable``): record the intent, take its key, run the steps,
and leave it to the reconciler when a step or the field's own write could not finish.

Whoever runs an intent (a request, or a reconciler) holds its lease and its key's lease, and
renews both between steps once a third of the lease has passed; a runner that finds a lease
taken over stops without writing anything more (``LeaseLost``), so an intent never runs twice
at once, even when a runner is slow rather than dead.

Without a router database (``ROUTER_MONGODB_URI`` unset) the steps still run in order, but
nothing is recorded: an interrupted write is then finished only by repeating the mutation.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from pymongo.errors import PyMongoError

from router.rules.model import (
    FieldOutcome,
    IntentFinished,
    Rule,
    RuleCall,
    RuleViolation,
    Step,
)
from router.state import Intent, IntentStore, KeyLocks

logger = logging.getLogger("router.intents")

RETRYABLE = frozenset({"SUBGRAPH_UNAVAILABLE", "INTERNAL_SERVER_ERROR"})
PENDING_CODE = "WRITE_PENDING"
STATE_UNAVAILABLE = "STATE_UNAVAILABLE"
PENDING_NOTE = "the change is recorded and will be finished automatically"
MAX_BACKOFF_SECONDS = 30.0


def backoff(attempts: int, base: float) -> float:
    """Seconds before attempt ``attempts + 1``: doubling from ``base``, at most 30 s."""
    return float(min(MAX_BACKOFF_SECONDS, base * 2 ** max(0, attempts - 1)))


def pending_violation(reason: str, intent: Intent | None) -> RuleViolation:
    """What the client sees when a recorded write is left to the reconciler."""
    if intent is None:
        return RuleViolation("SUBGRAPH_UNAVAILABLE", f"{reason.rstrip('.')}; try again.")
    return RuleViolation(PENDING_CODE, f"{reason.rstrip('.')}; {PENDING_NOTE}.")


class LeaseLost(Exception):
    """Another runner took the intent (or its key) over: stop, write nothing more."""


@dataclass
class Started:
    """A durable write being run by ``holder``."""

    rule: Rule
    call: RuleCall  # arguments: the recorded ones
    intent: Intent | None
    holder: str
    key: str | None
    renewed: float = field(default_factory=time.monotonic)
    keyed: bool = False  # holds the key's lease


class IntentRunner:
    """Shared by the request path (``RulesGuard``) and the reconciler."""

    def __init__(
        self,
        rules: Sequence[Rule],
        store: IntentStore | None = None,
        locks: KeyLocks | None = None,
        *,
        lease: float = 30.0,
        lock_wait: float = 5.0,
        retry_base: float = 0.5,
    ) -> None:
        if store is not None and lock_wait >= lease:
            raise ValueError("the key wait must be shorter than the intent lease")
        self._rules = {rule.name: rule for rule in rules if rule.durable is not None}
        self.store = store
        self._locks = locks
        self._lease = lease
        self._lock_wait = lock_wait
        self.retry_base = retry_base

    def rule(self, name: str) -> Rule | None:
        return self._rules.get(name)

    # -- the request path ---------------------------------------------------------------------

    async def begin(self, rule: Rule, call: RuleCall) -> Started | None:
        """Record the intent, take its key, run its ``before`` steps (raises to refuse)."""
        assert rule.durable is not None
        planned = await rule.durable.prepare(call)
        if planned is None:
            return None
        started = Started(
            rule, replace(call, arguments=planned.arguments), None, uuid.uuid4().hex, planned.key
        )
        if self.store is not None and self._locks is not None:
            try:
                seq = await self._locks.next_seq(planned.key) if planned.key else 0
                started.intent = await self.store.record(
                    rule.name, planned.key, seq, planned.arguments, call.identity, started.holder
                )
            except PyMongoError as error:
                logger.warning("cannot record an intent of %s: %s", rule.name, error)
                raise RuleViolation(
                    STATE_UNAVAILABLE, "The router cannot record this change now; try again."
                ) from error
        try:
            if not await self._take_key(started, self._lock_wait):
                await self._leave(started, 0, 0.0, "key busy")
                raise pending_violation(
                    "Another change of the same data is still being finished", started.intent
                )
            try:
                await self._steps(started, rule.durable.before)
            except IntentFinished:
                pass
            except RuleViolation as violation:
                raise await self._failed(started, violation) from violation
        except (PyMongoError, LeaseLost) as error:  # recorded: the reconciler finishes it
            raise _handed_over(started, error) from error
        return started

    async def finish(self, started: Started, outcome: FieldOutcome) -> RuleViolation | None:
        """After the field's own write: the ``after`` steps, or leave it to the reconciler."""
        try:
            return await self._finish(started, outcome)
        except (PyMongoError, LeaseLost) as error:
            return _handed_over(started, error)
        finally:
            await self._release_quietly(started)

    async def _finish(self, started: Started, outcome: FieldOutcome) -> RuleViolation | None:
        durable = started.rule.durable
        assert durable is not None
        codes = outcome.error_codes
        if outcome.succeeded or (codes and codes <= durable.proceed_on):
            if started.intent is not None and self.store is not None:
                await self.store.field_applied(started.intent.id, started.holder)
            try:
                await self._steps(started, durable.after)
            except IntentFinished:
                pass
            except RuleViolation as violation:
                return await self._failed(started, violation)
            await self._end(started, "done")
            return None
        if codes & RETRYABLE and started.intent is not None:
            unfinished = await self._failed(
                started, RuleViolation(next(iter(codes & RETRYABLE)), "Its service failed")
            )
            # Without a replay the reconciler only finishes what the field may have done;
            # the field's own error (try again) is the answer.
            return unfinished if durable.replay is not None else None
        await self._end(started, "refused", ", ".join(sorted(codes)))
        return None

    async def abandon(self, started: Started) -> None:
        """The operation was refused after ``begin`` (by another rule): end it, free the key."""
        try:
            await self._end(started, "refused", "refused by another rule")
        finally:
            await self._release_quietly(started)

    # -- the reconciler ---------------------------------------------------------------------------

    async def resume(self, intent: Intent, call: RuleCall, holder: str) -> str:
        """Run a recorded intent again from its first step (``holder`` leased it); its new
        status."""
        assert self.store is not None
        rule = self._rules.get(intent.name)
        if rule is None or rule.durable is None:
            await self.store.finish(intent.id, holder, "refused", "no such rule in this router")
            return "refused"
        started = Started(rule, call, intent, holder, intent.key)
        try:
            if not await self._take_key(started, 0.0):
                await self._leave(started, intent.attempts, 0.2, "waiting for its key")
                return "pending"
            return await self._resume(started, rule, intent)
        except LeaseLost:
            return "pending"
        finally:
            await self._release_quietly(started)

    async def _resume(self, started: Started, rule: Rule, intent: Intent) -> str:
        assert self.store is not None and rule.durable is not None
        durable = rule.durable
        try:
            await self._steps(started, durable.before)
            if not intent.field_applied and durable.replay is not None:
                try:
                    await self._steps(started, (durable.replay,))
                except RuleViolation as violation:
                    if violation.code in RETRYABLE or violation.code not in durable.proceed_on:
                        raise
                await self.store.field_applied(intent.id, started.holder)
            await self._steps(started, durable.after)
        except IntentFinished:
            pass
        except RuleViolation as violation:
            attempts = intent.attempts + 1
            if violation.code in RETRYABLE:
                delay = backoff(attempts, self.retry_base)
                await self._leave(started, attempts, delay, violation.message)
                return "pending"
            logger.warning("intent %s (%s) refused: %s", intent.id, intent.name, violation.code)
            await self._end(started, "refused", violation.message)
            return "refused"
        await self._end(started, "done")
        return "done"

    # -- shared ---------------------------------------------------------------------------------

    async def _steps(self, started: Started, steps: Sequence[Step]) -> None:
        for step in steps:
            await self._keep_leases(started)
            await step(started.call)

    async def _keep_leases(self, started: Started) -> None:
        """Renew the leases once a third of them has passed; LeaseLost if taken over."""
        if self.store is None or started.intent is None:
            return
        now = time.monotonic()
        if now - started.renewed < self._lease / 3:
            return
        renewed = await self.store.renew(started.intent.id, started.holder)
        if renewed and started.keyed and started.key is not None and self._locks is not None:
            renewed = await self._locks.renew(started.key, started.holder)
        if not renewed:
            raise LeaseLost
        started.renewed = now

    async def _take_key(self, started: Started, wait: float) -> bool:
        """The key's lease, once every older intent of the key is finished (FIFO per key)."""
        intent = started.intent
        if intent is None or intent.key is None or self._locks is None or self.store is None:
            return True
        store, key, seq = self.store, intent.key, intent.seq

        async def no_older() -> bool:
            return not await store.older_pending(key, seq)

        started.keyed = await self._locks.acquire(key, started.holder, wait, ready=no_older)
        return started.keyed

    async def _failed(self, started: Started, violation: RuleViolation) -> RuleViolation:
        """Leave a retryable failure to the reconciler; a refusal ends the intent."""
        if violation.code not in RETRYABLE:
            await self._end(started, "refused", violation.message)
            await self._release_quietly(started)
            return violation
        await self._leave(started, 1, backoff(1, self.retry_base), violation.message)
        await self._release_quietly(started)
        return pending_violation(violation.message, started.intent)

    async def _leave(self, started: Started, attempts: int, delay: float, error: str) -> None:
        """Hand the intent to the reconciler (due in ``delay`` seconds)."""
        if started.intent is not None and self.store is not None:
            await self.store.retry_later(started.intent.id, started.holder, attempts, delay, error)

    async def _end(self, started: Started, status: str, error: str | None = None) -> None:
        if started.intent is not None and self.store is not None:
            await self.store.finish(started.intent.id, started.holder, status, error)

    async def _release_quietly(self, started: Started) -> None:
        """Free the key (once); if the database is down, its lease runs out by itself."""
        if not started.keyed or started.key is None or self._locks is None:
            return
        started.keyed = False
        try:
            await self._locks.release(started.key, started.holder)
        except PyMongoError as error:
            logger.warning("could not release %s: %s", started.key, error)


def _handed_over(started: Started, error: Exception) -> RuleViolation:
    if isinstance(error, PyMongoError):
        logger.warning("router database failed during %s: %s", started.rule.name, error)
        return pending_violation("The router's database did not answer", started.intent)
    return pending_violation("This change took too long here", started.intent)
