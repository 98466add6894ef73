"""Runs the configured rules around the root mutation fields they guard."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graphql import FieldNode, GraphQLSchema, NameNode
from graphql.execution.values import VariableValues, get_argument_values

from router.errors import graphql_error
from router.guards import GuardCall, GuardFactory, GuardHost, OperationGuard
from router.normalize import NField
from router.rules.intents import IntentRunner, Started
from router.rules.model import FieldOutcome, Rule, RuleCall, RuleGateway, RuleViolation

type Guarded = list[tuple[NField, Rule, RuleCall]]
_STARTED = "rules.started"


class RulesGuard:
    """``OperationGuard`` that applies named rules to the root mutation fields they name."""

    def __init__(
        self, host: GuardHost, rules: Sequence[Rule], runner: IntentRunner | None = None
    ) -> None:
        self._host = host
        self._runner = runner or IntentRunner(rules)
        self._schema: GraphQLSchema = host.api_schema
        mutation = self._schema.mutation_type
        known = set(mutation.fields) if mutation is not None else set()
        unknown = sorted({rule.field for rule in rules} - known)
        if unknown:
            raise ValueError(f"Rules name mutation fields the API does not have: {unknown}.")
        self._by_field: dict[str, list[Rule]] = {}
        for rule in rules:
            self._by_field.setdefault(rule.field, []).append(rule)

    def _guarded(self, call: GuardCall) -> Guarded:
        mutation = self._schema.mutation_type
        assert mutation is not None
        gateway = RuleGateway(self._host, call.context)
        variables = VariableValues({}, dict(call.variables))
        guarded: Guarded = []
        for nfield in call.operation.root.fields:
            rules = self._by_field.get(nfield.name)
            if not rules:
                continue
            node = FieldNode(name=NameNode(value=nfield.name), arguments=nfield.arguments)
            arguments = get_argument_values(mutation.fields[nfield.name], node, variables)
            for rule in rules:
                rule_call = RuleCall(
                    nfield.name, nfield.response_key, arguments, call.context.identity, gateway
                )
                guarded.append((nfield, rule, rule_call))
        return guarded

    async def before(self, call: GuardCall) -> list[dict[str, Any]]:
        started: list[tuple[NField, Started]] = []
        call.notes[_STARTED] = started
        for nfield, rule, rule_call in self._guarded(call):
            try:
                if rule.before is not None:
                    await rule.before(rule_call)
                if rule.durable is not None:
                    begun = await self._runner.begin(rule, rule_call)
                    if begun is not None:
                        started.append((nfield, begun))
            except RuleViolation as violation:
                for _, begun in started:
                    await self._runner.abandon(begun)
                started.clear()
                return [_rule_error(rule, nfield, violation)]
        return []

    async def after(
        self, call: GuardCall, data: Mapping[str, Any], errors: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        guarded = self._guarded(call)
        added: list[dict[str, Any]] = []
        for nfield, rule, rule_call in guarded:
            if rule.after is None:
                continue
            outcome = FieldOutcome(data.get(nfield.response_key), _codes_at(errors, nfield))
            try:
                await rule.after(rule_call, outcome)
            except RuleViolation as violation:
                added.append(_rule_error(rule, nfield, violation))
        started: list[tuple[NField, Started]] = call.notes.get(_STARTED, [])
        for nfield, begun in started:
            outcome = FieldOutcome(data.get(nfield.response_key), _codes_at(errors, nfield))
            unfinished = await self._runner.finish(begun, outcome)
            if unfinished is not None:
                added.append(_rule_error(begun.rule, nfield, unfinished))
        return added


def _codes_at(errors: list[dict[str, Any]], nfield: NField) -> frozenset[str]:
    codes = set()
    for error in errors:
        path = error.get("path")
        if path and path[0] == nfield.response_key:
            codes.add(str((error.get("extensions") or {}).get("code", "INTERNAL_SERVER_ERROR")))
    return frozenset(codes)


def _rule_error(rule: Rule, nfield: NField, violation: RuleViolation) -> dict[str, Any]:
    return graphql_error(violation.message, violation.code, [nfield.response_key], rule=rule.name)


def rules_guard_factory(rules: Sequence[Rule], runner: IntentRunner | None = None) -> GuardFactory:
    """A guard factory for ``Engine(guard_factories=...)``; ``runner`` records durable writes
    (default: they run unrecorded)."""

    def build(host: GuardHost) -> OperationGuard:
        return RulesGuard(host, rules, runner)

    return build
