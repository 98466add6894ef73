"""The public façade of the router core, used by the HTTP layer."""

from __future__ import annotations

import random
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    parse,
    validate,
    value_from_ast_untyped,
)
from graphql.execution.values import get_variable_values

from router.api_schema import build_api_schema
from router.authorization import Authorization, OperationGuards, PolicyEvaluator, Restriction
from router.errors import RequestError, graphql_error
from router.executor import PlanExecutor
from router.guards import GuardCall, GuardFactory, OperationGuard
from router.interfaces import RequestContext, SubgraphTransport
from router.introspection import introspection_document, run_introspection
from router.normalize import (
    NormalizedOperation,
    conditional_variables,
    normalize_operation,
    pick_operation,
)
from router.plan import QueryPlan
from router.planner import PlanningError, build_query_plan
from router.query_graph import QueryGraph
from router.references import reference_guards
from router.response import shape_response
from router.supergraph import Supergraph, load_supergraph

__all__ = ["Engine", "PreparedOperation", "RequestContext", "SubgraphTransport"]

_PERCENT_PREFIX = "percent("


@dataclass(frozen=True)
class CompiledPlan:
    """A cached plan with the normalized operation used to shape its responses."""

    plan: QueryPlan
    operation: NormalizedOperation
    guards: OperationGuards | None = None  # fields under authorization directives, if any
    restricted: dict[frozenset[int], CompiledPlan] = field(default_factory=dict)  # by denied set


@dataclass(eq=False)
class PreparedOperation:
    """A parsed and validated operation, with its plans cached per plan-changing values."""

    document: DocumentNode
    operation: OperationDefinitionNode
    operation_type: str  # "query" | "mutation" | "subscription"
    operation_name: str | None
    fragments: dict[str, FragmentDefinitionNode]
    conditional_variables: tuple[str, ...]
    introspection: DocumentNode | None
    plans: dict[tuple[Any, ...], CompiledPlan] = field(default_factory=dict)
    # With @skip/@include on variables: one plan for any values (Condition nodes), per labels
    shared_plans: dict[frozenset[str], QueryPlan] = field(default_factory=dict)
    plan_errors: dict[tuple[Any, ...], str] = field(default_factory=dict)  # unplannable
    unshareable: set[frozenset[str]] = field(default_factory=set)  # labels planned per values


def _format(error: GraphQLError, code: str) -> dict[str, Any]:
    formatted: dict[str, Any] = dict(error.formatted)
    extensions = formatted.get("extensions")
    formatted["extensions"] = {**(extensions if isinstance(extensions, dict) else {}), "code": code}
    return formatted


class Engine:
    """Supergraph -> API schema, cached preparation and planning, execution and shaping.

    `enabled_override_labels` switches progressive @override labels on. A `percent(x)` label
    is always on for x >= 100 and off for x <= 0; other percentages are rolled per request
    when `honor_override_percentages` is set (off by default: such labels stay off).
    `policy_evaluator` decides which `@policy` names a request satisfies (default: those listed
    in the identity's `policies` claim; see `router.authorization`).
    """

    def __init__(
        self,
        supergraph_sdl: str,
        transport: SubgraphTransport,
        *,
        plan_cache_size: int = 1000,
        enabled_override_labels: frozenset[str] = frozenset(),
        honor_override_percentages: bool = False,
        guard_factories: Sequence[GuardFactory] = (),
        policy_evaluator: PolicyEvaluator | None = None,
    ) -> None:
        self.supergraph: Supergraph
        self.supergraph, _ = load_supergraph(supergraph_sdl)
        self.api_schema: GraphQLSchema = build_api_schema(supergraph_sdl)
        self.subgraph_urls: dict[str, str] = {
            name: sub.url for name, sub in self.supergraph.subgraphs.items()
        }
        self.transport = transport
        self._executor = PlanExecutor(transport)
        self._authorization = Authorization(self.supergraph.schema, policy_evaluator)
        self._cache_size = plan_cache_size
        self._prepared: OrderedDict[tuple[str, str | None], PreparedOperation] = OrderedDict()
        self._enabled_labels = enabled_override_labels
        percent_labels = self._labels_with_percentages()
        self._enabled_labels = enabled_override_labels | {
            label for label, percent in percent_labels if percent >= 100
        }
        self._percent_labels = tuple(
            (label, percent)
            for label, percent in percent_labels
            if honor_override_percentages and 0 < percent < 100
        )
        self._query_graphs: dict[frozenset[str], QueryGraph] = {}
        self._guards: tuple[OperationGuard, ...] = (
            *reference_guards(self),  # built in: runs first, only when the supergraph has marks
            *(make(self) for make in guard_factories),
        )

    def root_field_subgraph(self, operation_type: str, field_name: str) -> str:
        """The subgraph that resolves a root field (also ``@inaccessible`` ones)."""
        type_name = self.supergraph.root_types.get(operation_type.lower(), operation_type)
        graphs = self.supergraph.types[type_name].fields[field_name].graphs
        return next(iter(graphs))

    # -- preparation ------------------------------------------------------------------------

    def prepare(self, document: str, operation_name: str | None) -> PreparedOperation:
        """Parse and validate (cached by document and operation name)."""
        cache_key = (document, operation_name)
        prepared = self._prepared.get(cache_key)
        if prepared is not None:
            self._prepared.move_to_end(cache_key)
            return prepared
        try:
            ast = parse(document, no_location=False)
        except GraphQLError as error:
            raise RequestError([_format(error, "GRAPHQL_PARSE_FAILED")]) from None
        errors = validate(self.api_schema, ast)
        if errors:
            raise RequestError([_format(e, "GRAPHQL_VALIDATION_FAILED") for e in errors])
        operation = pick_operation(ast, operation_name)
        prepared = PreparedOperation(
            document=ast,
            operation=operation,
            operation_type=operation.operation.value,
            operation_name=operation.name.value if operation.name else None,
            fragments={
                d.name.value: d for d in ast.definitions if isinstance(d, FragmentDefinitionNode)
            },
            conditional_variables=conditional_variables(ast),
            introspection=introspection_document(ast, operation),
        )
        self._prepared[cache_key] = prepared
        if len(self._prepared) > self._cache_size:
            self._prepared.popitem(last=False)
        return prepared

    # -- planning ---------------------------------------------------------------------------

    def plan_for(
        self, prepared: PreparedOperation, variables: Mapping[str, Any] | None
    ) -> QueryPlan:
        """The (cached) plan for these variable values; for explain and tests."""
        coerced = self._coerce(prepared, variables or {})
        if isinstance(coerced, list):
            raise RequestError(coerced)
        return self._compiled(prepared, coerced, self._active_labels()).plan

    def _compiled(
        self, prepared: PreparedOperation, coerced: Mapping[str, Any], labels: frozenset[str]
    ) -> CompiledPlan:
        key = (*(coerced.get(name) for name in prepared.conditional_variables), labels)
        compiled = prepared.plans.get(key)
        if compiled is None:
            known_error = prepared.plan_errors.get(key)
            if known_error is not None:
                raise PlanningError(known_error)
            operation = normalize_operation(
                self.api_schema, prepared.operation, prepared.fragments, coerced
            )
            try:
                plan = self._plan(prepared, operation, labels)
            except PlanningError as error:
                prepared.plan_errors[key] = str(error)
                raise
            guards = self._authorization.guards(operation)
            compiled = prepared.plans[key] = CompiledPlan(plan, operation, guards)
        return compiled

    def _plan(
        self, prepared: PreparedOperation, operation: NormalizedOperation, labels: frozenset[str]
    ) -> QueryPlan:
        """The plan of `operation`; with @skip/@include on variables, the one plan made for any
        of their values (it forwards the directives and gates fetches by Condition nodes)."""
        graph = self._query_graph(labels)
        shared: QueryPlan | None = None
        if prepared.conditional_variables and labels not in prepared.unshareable:
            shared = prepared.shared_plans.get(labels)
            if shared is None:
                any_values = normalize_operation(
                    self.api_schema, prepared.operation, prepared.fragments, None
                )
                try:
                    shared = prepared.shared_plans[labels] = build_query_plan(graph, any_values)
                except PlanningError:  # a part no plan reaches may be skipped: plan per values
                    prepared.unshareable.add(labels)
        return shared if shared is not None else build_query_plan(graph, operation)

    def _restricted(
        self, compiled: CompiledPlan, restriction: Restriction, labels: frozenset[str]
    ) -> CompiledPlan:
        """The plan without the fields this request may not see (cached per denied set)."""
        restricted = compiled.restricted.get(restriction.key)
        if restricted is None:
            operation = restriction.operation
            plan = build_query_plan(self._query_graph(labels), operation)
            restricted = compiled.restricted[restriction.key] = CompiledPlan(plan, operation)
        return restricted

    def _query_graph(self, labels: frozenset[str]) -> QueryGraph:
        graph = self._query_graphs.get(labels)
        if graph is None:
            graph = self._query_graphs[labels] = QueryGraph(self.supergraph, labels)
        return graph

    def _labels_with_percentages(self) -> tuple[tuple[str, float], ...]:
        found: dict[str, float] = {}
        for info in self.supergraph.types.values():
            for field_info in info.fields.values():
                for entry in field_info.graphs.values():
                    label = entry.override_label
                    if label and label.startswith(_PERCENT_PREFIX) and label.endswith(")"):
                        try:
                            found[label] = float(label[len(_PERCENT_PREFIX) : -1])
                        except ValueError:
                            continue
        return tuple(sorted(found.items()))

    def _active_labels(self) -> frozenset[str]:
        if not self._percent_labels:
            return self._enabled_labels
        rolled = {
            label for label, percent in self._percent_labels if random.random() * 100 < percent
        }
        return self._enabled_labels | rolled

    # -- execution --------------------------------------------------------------------------

    def _coerce(
        self, prepared: PreparedOperation, variables: Mapping[str, Any]
    ) -> dict[str, Any] | list[dict[str, Any]]:
        definitions = prepared.operation.variable_definitions or ()
        if not definitions:
            return {}
        coerced = get_variable_values(self.api_schema, definitions, dict(variables))
        if isinstance(coerced, list):
            return [_format(error, "BAD_USER_INPUT") for error in coerced]
        values: Any = getattr(coerced, "coerced", coerced)  # graphql-core 3.3 wraps the dict
        return dict(values)

    def _variables_to_send(
        self, prepared: PreparedOperation, variables: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Client values as sent (subgraphs coerce them again), defaults filled in."""
        sent = dict(variables)
        for definition in prepared.operation.variable_definitions or ():
            name = definition.variable.name.value
            if name not in sent and definition.default_value is not None:
                sent[name] = value_from_ast_untyped(definition.default_value)
        return sent

    async def execute(
        self,
        prepared: PreparedOperation,
        variables: Mapping[str, Any] | None,
        context: RequestContext,
    ) -> dict[str, Any]:
        """Run the operation; returns the response body (`data`, `errors`, `extensions`)."""
        if prepared.operation_type == "subscription":
            return {"errors": [graphql_error("Subscriptions are not supported.", "BAD_REQUEST")]}
        coerced = self._coerce(prepared, variables or {})
        if isinstance(coerced, list):
            return {"errors": coerced}
        labels = self._active_labels()
        restriction: Restriction | None = None
        try:
            compiled = executed = self._compiled(prepared, coerced, labels)
            if compiled.guards is not None:
                restriction = await self._authorization.restriction(compiled.guards, context)
                if restriction is not None:
                    executed = self._restricted(compiled, restriction, labels)
        except PlanningError as error:  # valid for the API schema, yet no subgraph path exists
            message = f"Cannot plan the operation: {error}"
            return {"errors": [graphql_error(message, "QUERY_PLANNING_FAILED")]}
        guard_call: GuardCall | None = None
        if self._guards and prepared.operation_type == "mutation":
            guard_call = GuardCall(executed.operation, coerced, context)
            for guard in self._guards:
                refusal = await guard.before(guard_call)
                if refusal:
                    return {"data": None, "errors": refusal}
        state = await self._executor.run(
            executed.plan, self._variables_to_send(prepared, variables or {}), context
        )
        if guard_call is not None:
            for guard in self._guards:
                state.errors.extend(await guard.after(guard_call, state.data, state.errors))
        if prepared.introspection is not None:
            data, errors = run_introspection(
                self.api_schema, prepared.introspection, variables or {}
            )
            state.data.update(data)
            state.errors.extend(errors)
        body: dict[str, Any] = {}
        errors = state.errors
        if restriction is not None:
            errors[:0] = restriction.errors(state.data)
        body["data"] = shape_response(state.data, compiled.operation.root, errors)
        if errors:
            body["errors"] = errors
        if context.explain:
            body["extensions"] = {"queryPlan": executed.plan.to_json()}
        return body
