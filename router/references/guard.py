"""The built-in guard that refuses a mutation whose marked references do not resolve."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from router.errors import graphql_error
from router.executor.subgraph_errors import unavailable_error, with_service
from router.guards import GuardCall
from router.interfaces import SubgraphTransport
from router.references.collect import FieldReferences, FoundReference
from router.references.resolve import OwnerAnswer, representation_key, resolve_references


def _argument(reference: FoundReference) -> str:
    return ".".join(str(part) for part in reference.argument)


def _not_found(reference: FoundReference) -> dict[str, Any]:
    target = reference.target
    return graphql_error(
        f"No {target.type_name} with {target.describe(reference.representation)} exists.",
        "REFERENCE_NOT_FOUND",
        [reference.response_key],
        argument=_argument(reference),
        type=target.type_name,
    )


def _failure(subgraph: str, answer: OwnerAnswer, response_key: str) -> list[dict[str, Any]]:
    if answer.unavailable is not None:
        return [unavailable_error(answer.unavailable, [response_key])]
    return [{**with_service(error, subgraph), "path": [response_key]} for error in answer.errors]


class ReferenceGuard:
    """``OperationGuard``: every marked value must resolve through its owning subgraph."""

    def __init__(self, plans: Mapping[str, FieldReferences], transport: SubgraphTransport) -> None:
        self._plans = plans
        self._transport = transport

    def _collect(self, call: GuardCall) -> list[FoundReference]:
        found: list[FoundReference] = []
        for selected in call.operation.root.fields:
            plan = self._plans.get(selected.name)
            if plan is not None:
                found.extend(plan.collect(selected, call.variables))
        return found

    async def before(self, call: GuardCall) -> list[dict[str, Any]]:
        references = self._collect(call)
        if not references:
            return []
        answers = await resolve_references(self._transport, references, call.context)
        errors: list[dict[str, Any]] = []
        reported_failures: set[tuple[str, str]] = set()
        for reference in references:
            subgraph = reference.target.subgraph
            answer = answers[subgraph]
            if answer.failed:
                if (subgraph, reference.response_key) not in reported_failures:
                    reported_failures.add((subgraph, reference.response_key))
                    errors.extend(_failure(subgraph, answer, reference.response_key))
            elif representation_key(reference.representation) not in answer.existing:
                errors.append(_not_found(reference))
        return errors

    async def after(
        self, call: GuardCall, data: Mapping[str, Any], errors: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        return []
