"""What a rule is, what it sees, and how it talks to the subgraphs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from router.errors import SubgraphUnavailable
from router.guards import GuardHost
from router.interfaces import Identity, RequestContext


class RuleViolation(Exception):
    """Refuses a mutation (in ``before``) or reports an unfinished follow-up (in ``after``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class RuleGateway:
    """How a rule reads and writes: federated queries through the router as the caller, and
    direct calls of a (possibly ``@inaccessible``) root field on the subgraph that owns it."""

    def __init__(self, host: GuardHost, context: RequestContext) -> None:
        self._host = host
        self._context = context

    async def query(
        self,
        document: str,
        variables: Mapping[str, Any],
        *,
        tolerate: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        """Run a query of the public API as the caller; its ``data``. Errors raise, except
        those whose code is in ``tolerate`` (e.g. a dangling reference, left null)."""
        operation = self._host.prepare(document, None)
        body = await self._host.execute(operation, variables, self._context)
        errors = [
            error
            for error in body.get("errors") or ()
            if (error.get("extensions") or {}).get("code") not in tolerate
        ]
        _raise_first_error({"errors": errors})
        data = body.get("data")
        return data if isinstance(data, dict) else {}

    async def call(
        self,
        root_field: str,
        document: str,
        variables: Mapping[str, Any],
        *,
        operation_type: str = "Mutation",
    ) -> dict[str, Any]:
        """Send ``document`` to the subgraph resolving ``<operation_type>.<root_field>``."""
        subgraph = self._host.root_field_subgraph(operation_type, root_field)
        body = {"query": document, "variables": dict(variables)}
        try:
            response = await self._host.transport.fetch(subgraph, body, self._context)
        except SubgraphUnavailable as error:
            raise RuleViolation(
                "SUBGRAPH_UNAVAILABLE", f"The {subgraph} service is unavailable; try again."
            ) from error
        _raise_first_error(response)
        data = response.get("data")
        return data if isinstance(data, dict) else {}


def _raise_first_error(body: Mapping[str, Any]) -> None:
    errors = body.get("errors")
    if not errors:
        return
    first = errors[0]
    extensions = first.get("extensions") or {}
    code = str(extensions.get("code") or "INTERNAL_SERVER_ERROR")
    raise RuleViolation(code, str(first.get("message") or "A subgraph refused the request."))


@dataclass(frozen=True, slots=True)
class RuleCall:
    """One guarded root field of the operation: its coerced arguments and the caller."""

    field: str
    response_key: str
    arguments: Mapping[str, Any]
    identity: Identity | None
    gateway: RuleGateway

    @property
    def caller_id(self) -> str:
        """The caller's user id (guarded mutations need an identity)."""
        if self.identity is None:
            raise RuleViolation("UNAUTHENTICATED", "You need to log in.")
        return self.identity.subject


@dataclass(frozen=True, slots=True)
class FieldOutcome:
    """How the guarded root field ended: its value, or the codes of its errors."""

    value: Any
    error_codes: frozenset[str] = field(default_factory=frozenset)

    @property
    def succeeded(self) -> bool:
        return not self.error_codes and self.value is not None


type BeforeStep = Callable[[RuleCall], Awaitable[None]]
type AfterStep = Callable[[RuleCall, FieldOutcome], Awaitable[None]]
type Step = Callable[[RuleCall], Awaitable[None]]


class IntentFinished(Exception):
    """Raised by a durable step: nothing is left to do (later steps are skipped)."""


@dataclass(frozen=True, slots=True)
class Planned:
    """What a durable write records: the arguments its steps see (JSON-safe, no secrets) and
    the key that serialises it with the other writes of the same key (None: not serialised)."""

    arguments: Mapping[str, Any]
    key: str | None = None


@dataclass(frozen=True)
class Durable:
    """A write that spans subgraphs, recorded (an *intent*) before its first step.

    ``prepare`` reads what the steps need (or refuses, or returns None: nothing to record);
    ``before`` steps run ahead of the field's own write, ``after`` steps once it succeeded
    (or, with ``always_after``, also when it was refused). Every step is idempotent: the
    reconciler runs ``before``, ``replay`` (the field's own write, unless it is known to have
    happened; None: never replayed) and ``after`` again until they all succeed.
    """

    prepare: Callable[[RuleCall], Awaitable[Planned | None]]
    before: tuple[Step, ...] = ()
    after: tuple[Step, ...] = ()
    replay: Step | None = None
    proceed_on: frozenset[str] = frozenset()  # field error codes that count as applied


@dataclass(frozen=True)
class Rule:
    """A small named rule on one root mutation field.

    ``before`` may refuse (raise :class:`RuleViolation`) and may perform idempotent writes
    that must precede the field's own write; ``after`` performs the follow-up writes;
    ``durable`` declares a recorded multi-step write the reconciler finishes (see ``Durable``).
    """

    name: str
    field: str
    description: str
    before: BeforeStep | None = None
    after: AfterStep | None = None
    durable: Durable | None = None
