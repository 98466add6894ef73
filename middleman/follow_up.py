"""Follow-up writes after a guarded mutation, and what to say when one of them fails."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from router.rules import FieldOutcome, RuleCall, RuleViolation

type Step = Callable[[RuleCall], Awaitable[None]]
type AfterStep = Callable[[RuleCall, FieldOutcome], Awaitable[None]]


def succeeded(outcome: FieldOutcome) -> bool:
    """The mutation's own write happened."""
    return outcome.succeeded


def follow_up(
    step: Step, *, done: str, retry: str, when: Callable[[FieldOutcome], bool] = succeeded
) -> AfterStep:
    """A rule's ``after`` step: ``step`` runs when ``when(outcome)``; if it fails, the error
    says what is ``done`` and how to finish (``retry``), keeping the failure's code."""

    async def after(call: RuleCall, outcome: FieldOutcome) -> None:
        if not when(outcome):
            return
        try:
            await step(call)
        except RuleViolation as violation:
            message = f"{done}, but {violation.message.rstrip('.')}; {retry}."
            raise RuleViolation(violation.code, message) from violation

    return after
