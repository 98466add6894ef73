"""Stage 4: the query plan of a normalized operation, cached on its parsed operation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import GraphQLSchema

from router.authorization import Authorization, Restriction
from router.normalize import NormalizedOperation
from router.pipeline.normalize import normalized
from router.pipeline.parse import ParsedOperation
from router.pipeline.plans import CompiledPlan
from router.plan import QueryPlan
from router.planner import PlanningError, build_query_plan
from router.query_graph import QueryGraph
from router.supergraph import Supergraph


class Planner:
    """Plans per override-label set (one query graph each), cached per operation and values."""

    def __init__(
        self, supergraph: Supergraph, api_schema: GraphQLSchema, authorization: Authorization
    ) -> None:
        self._supergraph = supergraph
        self._api_schema = api_schema
        self._authorization = authorization
        self._query_graphs: dict[frozenset[str], QueryGraph] = {}

    def compiled(
        self, parsed: ParsedOperation, coerced: Mapping[str, Any], labels: frozenset[str]
    ) -> CompiledPlan:
        """The plan for these values and labels; ``PlanningError`` when there is none."""
        key = (*(coerced.get(name) for name in parsed.conditional_variables), labels)
        compiled = parsed.plans.get(key)
        if compiled is None:
            known_error = parsed.plan_errors.get(key)
            if known_error is not None:
                raise PlanningError(known_error)
            operation = normalized(self._api_schema, parsed, coerced)
            try:
                plan = self._plan(parsed, operation, labels)
            except PlanningError as error:
                parsed.plan_errors[key] = str(error)
                raise
            guards = self._authorization.guards(operation)
            compiled = parsed.plans[key] = CompiledPlan(plan, operation, guards)
        return compiled

    def restricted(
        self, compiled: CompiledPlan, restriction: Restriction, labels: frozenset[str]
    ) -> CompiledPlan:
        """The plan without the fields this request may not see (cached per denied set)."""
        restricted = compiled.restricted.get(restriction.key)
        if restricted is None:
            operation = restriction.operation
            plan = build_query_plan(self._query_graph(labels), operation)
            restricted = compiled.restricted[restriction.key] = CompiledPlan(plan, operation)
        return restricted

    def _plan(
        self, parsed: ParsedOperation, operation: NormalizedOperation, labels: frozenset[str]
    ) -> QueryPlan:
        """The plan of `operation`; with @skip/@include on variables, the one plan made for any
        of their values (it forwards the directives and gates fetches by Condition nodes)."""
        graph = self._query_graph(labels)
        shared: QueryPlan | None = None
        if parsed.conditional_variables and labels not in parsed.unshareable:
            shared = parsed.shared_plans.get(labels)
            if shared is None:
                any_values = normalized(self._api_schema, parsed, None)
                try:
                    shared = parsed.shared_plans[labels] = build_query_plan(graph, any_values)
                except PlanningError:  # a part no plan reaches may be skipped: plan per values
                    parsed.unshareable.add(labels)
        return shared if shared is not None else build_query_plan(graph, operation)

    def _query_graph(self, labels: frozenset[str]) -> QueryGraph:
        graph = self._query_graphs.get(labels)
        if graph is None:
            graph = self._query_graphs[labels] = QueryGraph(self._supergraph, labels)
        return graph
