"""Runs durable writes (``Rule.durable``): record the intent, take its key, run the steps,
and leave it to the reconciler when a step or the field's own write could not finish.

Without a router database (``ROUTER_MONGODB_URI`` unset) the steps still run in order, but
nothing is recorded: an interrupted write is then finished only by repeating the mutation.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace

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


@dataclass
class Started:
    """A durable write between its ``before`` steps and the field's own write."""

    rule: Rule
    call: RuleCall  # arguments: the recorded ones
    intent: Intent | None
    holder: str
    key: str | None


class IntentRunner:
    """Shared by the request path (``RulesGuard``) and the reconciler."""

    def __init__(
        self,
        rules: Sequence[Rule],
        store: IntentStore | None = None,
        locks: KeyLocks | None = None,
        *,
        lock_wait: float = 5.0,
        retry_base: float = 0.5,
    ) -> None:
        self._rules = {rule.name: rule for rule in rules if rule.durable is not None}
        self.store = store
        self._locks = locks
        self._lock_wait = lock_wait
        self.retry_base = retry_base

    @property
    def durable(self) -> bool:
        return self.store is not None

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
            if not await self._take_key(started.intent, started.holder, self._lock_wait):
                await self.store.retry_later(started.intent.id, 0, 0.0, "key busy")
                raise pending_violation(
                    "Another change of the same data is still being finished", started.intent
                )
        try:
            await _run(rule.durable.before, started.call)
        except IntentFinished:
            pass
        except RuleViolation as violation:
            raise await self._failed(started, violation) from violation
        return started

    async def finish(self, started: Started, outcome: FieldOutcome) -> RuleViolation | None:
        """After the field's own write: the ``after`` steps, or leave it to the reconciler."""
        durable = started.rule.durable
        assert durable is not None
        codes = outcome.error_codes
        try:
            if outcome.succeeded or (codes and codes <= durable.proceed_on):
                if started.intent is not None and self.store is not None:
                    await self.store.field_applied(started.intent.id)
                try:
                    await _run(durable.after, started.call)
                except IntentFinished:
                    pass
                except RuleViolation as violation:
                    return await self._failed(started, violation)
                await self._end(started, "done")
                return None
            if codes & RETRYABLE and started.intent is not None:
                return await self._failed(
                    started, RuleViolation(next(iter(codes & RETRYABLE)), "Its service failed")
                )
            await self._end(started, "refused", ", ".join(sorted(codes)))
            return None
        finally:
            await self._release(started)

    async def abandon(self, started: Started) -> None:
        """The operation was refused after ``begin`` (by another rule): release the key."""
        await self._end(started, "refused", "refused by another rule")
        await self._release(started)

    # -- shared ---------------------------------------------------------------------------------

    async def _take_key(self, intent: Intent, holder: str, wait: float) -> bool:
        """The key's lease, once every older intent of the key is finished (FIFO per key)."""
        if intent.key is None or self._locks is None or self.store is None:
            return True
        return await self._locks.acquire(
            intent.key, holder, wait, ready=lambda: self._no_older(intent)
        )

    async def _no_older(self, intent: Intent) -> bool:
        assert self.store is not None and intent.key is not None
        return not await self.store.older_pending(intent.key, intent.seq)

    async def _failed(self, started: Started, violation: RuleViolation) -> RuleViolation:
        """Leave a retryable failure to the reconciler; a refusal ends the intent."""
        intent = started.intent
        if violation.code not in RETRYABLE:
            await self._end(started, "refused", violation.message)
            await self._release(started)
            return violation
        if intent is not None and self.store is not None:
            await self.store.retry_later(
                intent.id, 1, backoff(1, self.retry_base), violation.message
            )
        await self._release(started)
        return pending_violation(violation.message, intent)

    async def _end(self, started: Started, status: str, error: str | None = None) -> None:
        if started.intent is not None and self.store is not None:
            await self.store.finish(started.intent.id, status, error)

    async def _release(self, started: Started) -> None:
        if started.key is not None and self._locks is not None:
            await self._locks.release(started.key, started.holder)

    # -- the reconciler ---------------------------------------------------------------------------

    async def resume(self, intent: Intent, call: RuleCall, holder: str) -> str:
        """Run a recorded intent again from its first step; its new status."""
        assert self.store is not None
        rule = self._rules.get(intent.name)
        if rule is None or rule.durable is None:
            await self.store.finish(intent.id, "refused", "no such rule in this router")
            return "refused"
        if not await self._take_key(intent, holder, 0.0):
            await self.store.retry_later(intent.id, intent.attempts, 0.2, "waiting for its key")
            return "pending"
        started = Started(rule, call, intent, holder, intent.key)
        durable = rule.durable
        try:
            await _run(durable.before, call)
            if not intent.field_applied and durable.replay is not None:
                try:
                    await durable.replay(call)
                except RuleViolation as violation:
                    if violation.code in RETRYABLE or violation.code not in durable.proceed_on:
                        raise
                await self.store.field_applied(intent.id)
            await _run(durable.after, call)
        except IntentFinished:
            pass
        except RuleViolation as violation:
            attempts = intent.attempts + 1
            if violation.code in RETRYABLE:
                delay = backoff(attempts, self.retry_base)
                await self.store.retry_later(intent.id, attempts, delay, violation.message)
                await self._release(started)
                return "pending"
            logger.warning("intent %s (%s) refused: %s", intent.id, intent.name, violation.code)
            await self._end(started, "refused", violation.message)
            await self._release(started)
            return "refused"
        await self._end(started, "done")
        await self._release(started)
        return "done"


async def _run(steps: Sequence[Step], call: RuleCall) -> None:
    for step in steps:
        await step(call)
