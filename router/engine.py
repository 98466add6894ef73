"""The public façade of the router core, used by the HTTP layer: the request pipeline.

Each stage is a module of ``router.pipeline``; ``Engine.execute`` runs them in order.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from graphql import GraphQLDeferDirective, GraphQLSchema, GraphQLStreamDirective

from router.api_schema import build_api_schema
from router.authorization import Authorization, PolicyEvaluator
from router.demand import DemandPolicy
from router.errors import RequestError
from router.executor import ExecutionState, PlanExecutor
from router.guards import GuardFactory
from router.incremental import deliver, split_operation
from router.interfaces import RequestContext, SubgraphTransport, SubscriptionTransport
from router.pipeline.authorize import authorize
from router.pipeline.coerce import coerce_variables, variables_to_send
from router.pipeline.demand import CostObserver, DemandControl
from router.pipeline.errors import planning_failed
from router.pipeline.execute import answer_introspection, run_plan
from router.pipeline.guarding import GuardChain
from router.pipeline.operations import OperationCache
from router.pipeline.parse import DocumentPolicy, ParsedOperation, parse_operation
from router.pipeline.planning import Planner
from router.pipeline.shape import response_body
from router.plan import QueryPlan
from router.planner import PlanningError
from router.planner.labels import OverrideLabels
from router.references import reference_guards
from router.subscriptions.errors import (
    incremental_refused,
    not_a_stream,
    subscriptions_unavailable,
)
from router.subscriptions.execution import run_events, split_subscription
from router.supergraph import Supergraph, load_supergraph

__all__ = ["Engine", "ParsedOperation", "RequestContext", "SubgraphTransport"]


class Engine:
    """Supergraph -> API schema, cached preparation and planning, execution and shaping.

    `enabled_override_labels` switches progressive @override labels on; percentage labels
    follow `router.planner.labels` (rolled per request only with `honor_override_percentages`).
    `policy_evaluator` decides which `@policy` names a request satisfies (default: those listed
    in the identity's `policies` claim; see `router.authorization`). `demand_policy` prices
    each operation with the supergraph's `@cost`/`@listSize` and refuses it over the caller's
    budget before any subgraph call (default: no demand control); `cost_observer` gets the
    estimated and actual costs. `document_policy` switches introspection and "Did you mean"
    suggestions off (production).
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
        demand_policy: DemandPolicy | None = None,
        cost_observer: CostObserver | None = None,
        document_policy: DocumentPolicy | None = None,
    ) -> None:
        self.supergraph: Supergraph
        self.supergraph, _ = load_supergraph(supergraph_sdl)
        self.api_schema: GraphQLSchema = build_api_schema(supergraph_sdl)
        # Operations may use @defer/@stream (router.incremental); introspection does not list
        # them, as the API schema is the supergraph's.
        schema = self.api_schema
        self._validation_schema = GraphQLSchema(
            query=schema.query_type,
            mutation=schema.mutation_type,
            subscription=schema.subscription_type,
            types=tuple(schema.type_map.values()),
            directives=(*schema.directives, GraphQLDeferDirective, GraphQLStreamDirective),
            assume_valid=True,
        )
        self.subgraph_urls: dict[str, str] = {
            name: sub.url for name, sub in self.supergraph.subgraphs.items()
        }
        self.transport = transport
        self.operations = OperationCache(plan_cache_size)
        self._documents = document_policy or DocumentPolicy()
        self._labels = OverrideLabels(
            self.supergraph, enabled_override_labels, honor_override_percentages
        )
        self._authorization = Authorization(self.supergraph.schema, policy_evaluator)
        self._planner = Planner(self.supergraph, self.api_schema, self._authorization)
        self._executor = PlanExecutor(transport)
        self._demand = DemandControl(
            self.supergraph.schema, demand_policy or DemandPolicy(mode="off"), cost_observer
        )
        self._guards = GuardChain(
            (
                *reference_guards(self),  # built in: runs first, only when the supergraph has marks
                *(make(self) for make in guard_factories),
            )
        )

    def root_field_subgraph(self, operation_type: str, field_name: str) -> str:
        """The subgraph that resolves a root field (also ``@inaccessible`` ones)."""
        type_name = self.supergraph.root_types.get(operation_type.lower(), operation_type)
        graphs = self.supergraph.types[type_name].fields[field_name].graphs
        return next(iter(graphs))

    def prepare(self, document: str, operation_name: str | None) -> ParsedOperation:
        """Parse and validate (cached by document and operation name)."""
        parsed = self.operations.get(document, operation_name)
        if parsed is None:
            parsed = parse_operation(
                self._validation_schema, document, operation_name, self._documents
            )
            self.operations.add(document, operation_name, parsed)
        return parsed

    def warm_from(self, previous: OperationCache, limit: int) -> int:
        """Parse and plan the ``limit`` most recently used operations of another engine (with
        the variable values and labels their plans were made for); the plans made."""
        made = 0
        for (document, operation_name), old in previous.recent(limit):
            try:
                parsed = self.prepare(document, operation_name)
            except RequestError:  # no longer valid for this supergraph
                continue
            for key in list(old.plans):
                *values, labels = key
                coerced = dict(zip(parsed.conditional_variables, values, strict=True))
                try:
                    self._planner.compiled(parsed, coerced, labels)
                except PlanningError:
                    continue
                made += 1
        return made

    def plan_for(self, parsed: ParsedOperation, variables: Mapping[str, Any] | None) -> QueryPlan:
        """The (cached) plan for these variable values; for explain and tests."""
        coerced = self._coerce(parsed, variables or {})
        if isinstance(coerced, list):
            raise RequestError(coerced)
        return self._planner.compiled(parsed, coerced, self._labels.for_request()).plan

    def _coerce(
        self, parsed: ParsedOperation, variables: Mapping[str, Any]
    ) -> dict[str, Any] | list[dict[str, Any]]:
        return coerce_variables(self.api_schema, parsed, variables, self._documents.suggestions)

    def execute_incremental(
        self,
        parsed: ParsedOperation,
        variables: Mapping[str, Any] | None,
        context: RequestContext,
    ) -> AsyncIterator[dict[str, Any]] | None:
        """The payloads of an operation with active ``@defer``/``@stream``; ``None`` when it
        has none (then :meth:`execute` answers it whole)."""
        if not parsed.has_incremental or parsed.operation_type == "subscription":
            return None
        coerced = self._coerce(parsed, variables or {})
        if isinstance(coerced, list):
            return None
        split = split_operation(parsed, coerced)
        if split is None:
            return None
        try:  # plan both now: an operation that cannot be planned is answered whole
            for document in (split.initial_document, split.complete_document):
                self.plan_for(self.prepare(document, parsed.operation_name), variables)
        except (PlanningError, RequestError):
            return None
        compiled = self._planner.compiled(parsed, coerced, self._labels.for_request())
        if self._demand.refuses(compiled.operation, coerced, context):
            return None  # answered whole, with its refusal

        async def run(document: str, values: Mapping[str, Any]) -> dict[str, Any]:
            return await self.execute(
                self.prepare(document, parsed.operation_name), values, context
            )

        return deliver(self.api_schema, split, variables or {}, run)

    async def subscribe(
        self,
        parsed: ParsedOperation,
        variables: Mapping[str, Any] | None,
        context: RequestContext,
    ) -> AsyncIterator[dict[str, Any]] | dict[str, Any]:
        """The events of a subscription, each a response body (its plan's root fetch is the
        subscription; the rest runs per event), or the one body that refuses it."""
        if parsed.has_incremental:
            return incremental_refused()
        variables = variables or {}
        coerced = self._coerce(parsed, variables)
        if isinstance(coerced, list):
            return {"errors": coerced}
        labels = self._labels.for_request()
        try:
            compiled = self._planner.compiled(parsed, coerced, labels)
            authorized = await authorize(
                self._authorization, self._planner, compiled, context, labels
            )
        except PlanningError as error:
            return planning_failed(error)
        _cost, too_expensive = self._demand.assess(compiled.operation, coerced, context)
        if too_expensive:  # refused before subscribing; each event's actual cost is measured
            return {"errors": too_expensive}
        plan = authorized.plan.plan
        split = split_subscription(plan)
        if split is None:  # nothing left to subscribe to (e.g. its root field was denied)
            state = await run_plan(self._executor, parsed, plan, variables, context)
            return response_body(
                state, compiled.operation, plan, authorized.restriction, context.explain
            )
        transport = self.transport
        if not isinstance(transport, SubscriptionTransport):
            return subscriptions_unavailable()

        def shape(state: ExecutionState, first: bool) -> dict[str, Any]:
            explain = context.explain and first
            body = response_body(state, compiled.operation, plan, authorized.restriction, explain)
            self._demand.measure(compiled.operation, coerced, body["data"])
            return body

        sent = variables_to_send(parsed, variables)
        return run_events(transport, self._executor, split, sent, context, shape)

    async def execute(
        self,
        parsed: ParsedOperation,
        variables: Mapping[str, Any] | None,
        context: RequestContext,
    ) -> dict[str, Any]:
        """Run the operation; returns the response body (`data`, `errors`, `extensions`)."""
        if parsed.operation_type == "subscription":
            return not_a_stream()
        variables = variables or {}
        coerced = self._coerce(parsed, variables)
        if isinstance(coerced, list):
            return {"errors": coerced}
        labels = self._labels.for_request()
        try:
            compiled = self._planner.compiled(parsed, coerced, labels)
            authorized = await authorize(
                self._authorization, self._planner, compiled, context, labels
            )
        except PlanningError as error:  # valid for the API schema, yet no subgraph path exists
            return planning_failed(error)
        cost, too_expensive = self._demand.assess(compiled.operation, coerced, context)
        if too_expensive:
            return {"errors": too_expensive}
        executed = authorized.plan
        call = self._guards.call(parsed.operation_type, executed.operation, coerced, context)
        if call is not None:
            refusal = await self._guards.before(call)
            if refusal:
                return {"data": None, "errors": refusal}
        async with self._demand.admitted(cost):
            state = await run_plan(self._executor, parsed, executed.plan, variables, context)
            if call is not None:
                await self._guards.after(call, state.data, state.errors)
            answer_introspection(self.api_schema, parsed, variables, state)
            body = response_body(
                state, compiled.operation, executed.plan, authorized.restriction, context.explain
            )
        self._demand.measure(compiled.operation, coerced, body["data"])
        return body
