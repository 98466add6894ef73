"""Run a query plan: fetches in order/parallel, representations, merging, error paths."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from router.errors import SubgraphUnavailable
from router.executor.merge import deep_merge
from router.executor.paths import object_paths, objects_at
from router.executor.representations import Representations, build_representations
from router.executor.subgraph_errors import entity_errors, unavailable_error, with_service
from router.interfaces import RequestContext, SubgraphTransport
from router.plan import (
    ConditionNode,
    FetchNode,
    FlattenNode,
    ParallelNode,
    PlanField,
    PlanFragment,
    PlanNode,
    PlanSelection,
    QueryPlan,
    SequenceNode,
)


class ExecutionState:
    """The merged data and errors of one request."""

    __slots__ = ("context", "data", "errors", "variables")

    def __init__(self, variables: Mapping[str, Any], context: RequestContext) -> None:
        self.data: dict[str, Any] = {}
        self.errors: list[dict[str, Any]] = []
        self.variables = variables
        self.context = context


def _top_keys(selections: tuple[PlanSelection, ...]) -> list[str]:
    keys: list[str] = []
    for selection in selections:
        if hasattr(selection, "alias"):
            keys.append(selection.alias or selection.name)  # type: ignore[union-attr]
    return keys


class PlanExecutor:
    """Executes plans against subgraphs through a transport."""

    def __init__(self, transport: SubgraphTransport) -> None:
        self.transport = transport

    async def run(
        self, plan: QueryPlan, variables: Mapping[str, Any], context: RequestContext
    ) -> ExecutionState:
        """Execute the whole plan and return the merged (unshaped) data and errors."""
        state = ExecutionState(variables, context)
        if plan.node is not None:
            await self._run(plan.node, state)
        return state

    async def _run(self, node: PlanNode, state: ExecutionState) -> None:
        if isinstance(node, FlattenNode):
            await self._entity_fetch(node.path, node.node, state)
        elif isinstance(node, FetchNode):
            await self._root_fetch(node, state)
        elif isinstance(node, SequenceNode):
            for child in node.nodes:
                await self._run(child, state)
        elif isinstance(node, ParallelNode):
            await asyncio.gather(*(self._run(child, state) for child in node.nodes))
        elif isinstance(node, ConditionNode):
            branch = node.if_clause if state.variables.get(node.condition) else node.else_clause
            if branch is not None:
                await self._run(branch, state)

    def _body(self, fetch: FetchNode, state: ExecutionState) -> dict[str, Any]:
        variables = state.variables
        body: dict[str, Any] = {
            "query": fetch.operation,
            "variables": {
                name: variables[name] for name in fetch.variable_usages if name in variables
            },
        }
        if fetch.operation_name:
            body["operationName"] = fetch.operation_name
        return body

    async def _send(
        self, fetch: FetchNode, body: dict[str, Any], state: ExecutionState
    ) -> dict[str, Any] | str:
        """The subgraph response, or the reason it is unavailable."""
        try:
            response = await self.transport.fetch(fetch.service_name, body, state.context)
        except SubgraphUnavailable as exc:
            return exc.reason
        return response if isinstance(response, dict) else "response is not a JSON object"

    async def _root_fetch(self, fetch: FetchNode, state: ExecutionState) -> None:
        response = await self._send(fetch, self._body(fetch, state), state)
        if isinstance(response, str):
            for key in _top_keys(fetch.selections):
                state.errors.append(unavailable_error(fetch.service_name, response, [key]))
            return
        data = response.get("data")
        if isinstance(data, dict):
            deep_merge(state.data, data)
        for error in response.get("errors") or ():
            state.errors.append(with_service(error, fetch.service_name))

    async def _entity_fetch(
        self, path: tuple[str, ...], fetch: FetchNode, state: ExecutionState
    ) -> None:
        representations = build_representations(fetch, objects_at(state.data, path))
        if not representations.items:
            return
        body = self._body(fetch, state)
        body["variables"]["representations"] = representations.items
        response = await self._send(fetch, body, state)
        if isinstance(response, str):
            state.errors.extend(
                _unavailable_field_errors(fetch, response, path, representations, state)
            )
            return
        data = response.get("data")
        entities = data.get("_entities") if isinstance(data, dict) else None
        if isinstance(entities, list):
            count = len(entities)
            for obj, index in representations.assignments:
                if index < count:
                    entity = entities[index]
                    if isinstance(entity, dict):
                        deep_merge(obj, entity)
        errors = response.get("errors")
        if errors:
            paths = object_paths(state.data, path)

            def paths_for_index(index: int) -> list[list[str | int]]:
                return [
                    paths[id(obj)]
                    for obj, assigned in representations.assignments
                    if assigned == index and id(obj) in paths
                ]

            state.errors.extend(entity_errors(list(errors), fetch.service_name, paths_for_index))


def _entity_field_keys(
    selections: tuple[PlanSelection, ...], typenames: tuple[str, ...]
) -> list[str]:
    """Response keys an entity fetch would have set on an object of one of `typenames`."""
    keys: list[str] = []
    fragments = [s for s in selections if isinstance(s, PlanFragment)]
    matching = [f for f in fragments if f.type_condition in typenames] or fragments
    for selection in selections:
        if isinstance(selection, PlanField):
            keys.append(selection.alias or selection.name)
    for fragment in matching:
        keys.extend(_entity_field_keys(fragment.selections, typenames))
    return [key for key in dict.fromkeys(keys) if not key.startswith("__")]


def _unavailable_field_errors(
    fetch: FetchNode,
    reason: str,
    path: tuple[str, ...],
    representations: Representations,
    state: ExecutionState,
) -> list[dict[str, Any]]:
    """One SUBGRAPH_UNAVAILABLE error per field the failed fetch would have set, per object."""
    paths = object_paths(state.data, path)
    sent = {shape.concrete_type: shape.sent_typename for shape in fetch.representations}
    errors: list[dict[str, Any]] = []
    for obj, _index in representations.assignments:
        where = paths.get(id(obj))
        if where is None:
            continue
        typename = str(obj.get("__typename"))
        typenames = (typename, sent.get(typename, typename))
        for key in _entity_field_keys(fetch.selections, typenames):
            errors.append(unavailable_error(fetch.service_name, reason, [*where, key]))
    if not errors:
        prefix: list[str | int] = list(path[: path.index("@")] if "@" in path else path)
        errors.append(unavailable_error(fetch.service_name, reason, prefix))
    return errors
