"""Run a query plan: fetches in order/parallel, representations, merging, error paths."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from router.errors import SubgraphUnavailable
from router.executor.merge import ABSENT, deep_merge
from router.executor.paths import object_paths, objects_at
from router.executor.renames import undo_renames
from router.executor.representations import build_representations
from router.executor.subgraph_errors import (
    entity_errors,
    errors_at,
    unavailable_error,
    with_service,
)
from router.interfaces import RequestContext, SubgraphTransport
from router.plan import (
    ConditionNode,
    EntityBatchNode,
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
    """The merged data and errors of one request.

    `entities` keeps entity answers by fetch reuse key and representation fingerprint, so a
    later fetch of the same entity with the same selection is answered without a request.
    """

    __slots__ = ("context", "data", "entities", "errors", "variables")

    def __init__(self, variables: Mapping[str, Any], context: RequestContext) -> None:
        self.data: dict[str, Any] = {}
        self.errors: list[dict[str, Any]] = []
        self.variables = variables
        self.context = context
        self.entities: dict[str, dict[bytes, dict[str, Any]]] = {}


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

    async def run_from_root(
        self,
        plan: QueryPlan,
        root: FetchNode,
        response: dict[str, Any],
        variables: Mapping[str, Any],
        context: RequestContext,
    ) -> ExecutionState:
        """Execute ``plan`` after its root fetch, whose answer ``response`` came otherwise
        (a subscription event): the rest of the plan runs on that data like a query's."""
        state = ExecutionState(variables, context)
        self._merge_root(root, response, state)
        if plan.node is not None:
            await self._run(plan.node, state)
        return state

    async def _run(self, node: PlanNode, state: ExecutionState) -> None:
        if isinstance(node, FlattenNode):
            await self._entity_fetch(node, state)
        elif isinstance(node, EntityBatchNode):
            await self._entity_batch(node, state)
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

    def _body(
        self,
        node: FetchNode | EntityBatchNode,
        state: ExecutionState,
    ) -> dict[str, Any]:
        variables = state.variables
        body: dict[str, Any] = {
            "query": node.operation,
            "variables": {
                name: variables[name] for name in node.variable_usages if name in variables
            },
        }
        if node.operation_name:
            body["operationName"] = node.operation_name
        return body

    async def _send(
        self, service: str, body: dict[str, Any], state: ExecutionState
    ) -> dict[str, Any] | SubgraphUnavailable:
        """The subgraph response, or why it is unavailable."""
        try:
            response = await self.transport.fetch(service, body, state.context)
        except SubgraphUnavailable as exc:
            return exc
        if isinstance(response, dict):
            return response
        return SubgraphUnavailable(service, "response is not a JSON object", "BAD_RESPONSE")

    async def _root_fetch(self, fetch: FetchNode, state: ExecutionState) -> None:
        response = await self._send(fetch.service_name, self._body(fetch, state), state)
        if isinstance(response, SubgraphUnavailable):
            for key in _top_keys(fetch.selections):
                state.errors.append(unavailable_error(response, [key]))
            return
        self._merge_root(fetch, response, state)

    @staticmethod
    def _merge_root(fetch: FetchNode, response: dict[str, Any], state: ExecutionState) -> None:
        data = response.get("data")
        errors = response.get("errors") or ()
        if isinstance(data, dict):
            if fetch.renames:
                undo_renames(data, fetch.renames)
            deep_merge(state.data, data)
            state.errors.extend(with_service(error, fetch.service_name) for error in errors)
        else:  # refused as a whole (e.g. an invalid argument): say so at each of its fields
            positions: list[list[str | int]] = [[key] for key in _top_keys(fetch.selections)]
            state.errors.extend(errors_at(list(errors), fetch.service_name, positions))

    async def _entity_fetch(self, flatten: FlattenNode, state: ExecutionState) -> None:
        call = _EntityCall(flatten, "_entities", state)
        if not call.representations.items:
            return
        body = self._body(flatten.node, state)
        body["variables"][flatten.node.representations_variable] = call.representations.items
        await self._entity_request(flatten.node.service_name, body, (call,), state)

    async def _entity_batch(self, batch: EntityBatchNode, state: ExecutionState) -> None:
        calls = tuple(
            _EntityCall(flatten, batch.response_key(index), state)
            for index, flatten in enumerate(batch.fetches)
        )
        active = tuple(call for call in calls if call.representations.items)
        if not active:
            return
        body = self._body(batch, state)
        for variable, call in zip(batch.representation_variables, calls, strict=True):
            body["variables"][variable] = call.representations.items  # [] for inactive calls
        await self._entity_request(batch.service_name, body, active, state)

    async def _entity_request(
        self,
        service: str,
        body: dict[str, Any],
        calls: tuple[_EntityCall, ...],
        state: ExecutionState,
    ) -> None:
        """Send `_entities` calls, merge each answer into its objects, place the errors."""
        response = await self._send(service, body, state)
        if isinstance(response, SubgraphUnavailable):
            for call in calls:
                state.errors.extend(_unavailable_field_errors(call, response, state))
            return
        data = response.get("data")
        errors = response.get("errors")
        for call in calls:
            entities = data.get(call.response_key) if isinstance(data, dict) else None
            if isinstance(entities, list):
                if call.flatten.node.renames:
                    undo_renames(entities, call.flatten.node.renames)
                call.merge(entities, reusable=not errors)
        if errors and not isinstance(data, dict):  # refused as a whole: errors at its fields
            positions = [where for call in calls for where in _field_paths(call, state)]
            state.errors.extend(errors_at(list(errors), service, positions))
        elif errors:
            by_key = {call.response_key: call for call in calls}

            def locate(response_key: str, index: int) -> list[list[str | int]]:
                call = by_key.get(response_key)
                return [] if call is None else call.paths_of(index, state.data)

            state.errors.extend(entity_errors(list(errors), service, locate))


class _EntityCall:
    """One `_entities` field of a request: its Flatten node and representations.

    Entities answered earlier in the request (same reuse key and representation) are
    merged at once and not sent again.
    """

    __slots__ = ("_known", "_object_paths", "flatten", "representations", "response_key")

    def __init__(self, flatten: FlattenNode, response_key: str, state: ExecutionState) -> None:
        self.flatten = flatten
        self.response_key = response_key
        fetch = flatten.node
        self._known = state.entities.setdefault(fetch.reuse_key, {}) if fetch.reuse_key else {}
        objects = [obj for path in flatten.paths for obj in objects_at(state.data, path)]
        self.representations = build_representations(fetch, objects, self._known, state.variables)
        for obj, entity in self.representations.reused:
            deep_merge(obj, entity)
        self._object_paths: dict[int, list[str | int]] | None = None

    def merge(self, entities: list[Any], reusable: bool) -> None:
        """Merge the i-th returned entity into every object behind representation i; a null
        one marks its objects `ABSENT` (shaping explains the fields it leaves null).

        `reusable`: the answer came without errors, so later fetches may reuse its entities.
        """
        count = len(entities)
        for obj, index in self.representations.assignments:
            if index < count:
                entity = entities[index]
                if isinstance(entity, dict):
                    deep_merge(obj, entity)
                elif entity is None:
                    obj.setdefault(ABSENT, self.flatten.node.service_name)
        if reusable and self.flatten.node.reuse_key:
            fingerprints = self.representations.fingerprints
            for index, entity in enumerate(entities[: len(fingerprints)]):
                if isinstance(entity, dict):
                    self._known[fingerprints[index]] = entity

    def object_paths(self, data: dict[str, Any]) -> dict[int, list[str | int]]:
        """id(object) -> response path, for the objects of every path (computed once)."""
        if self._object_paths is None:
            self._object_paths = {}
            for path in self.flatten.paths:
                self._object_paths.update(object_paths(data, path))
        return self._object_paths

    def paths_of(self, index: int, data: dict[str, Any]) -> list[list[str | int]]:
        """Response paths of the objects behind representation `index`."""
        paths = self.object_paths(data)
        return [
            paths[id(obj)]
            for obj, assigned in self.representations.assignments
            if assigned == index and id(obj) in paths
        ]


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


def _field_paths(call: _EntityCall, state: ExecutionState) -> list[list[str | int]]:
    """The response path of every field a failed call would have set, per object (the path of
    the objects' list when none is known)."""
    fetch = call.flatten.node
    paths = call.object_paths(state.data)
    sent = {shape.concrete_type: shape.sent_typename for shape in fetch.representations}
    positions: list[list[str | int]] = []
    for obj, _index in call.representations.assignments:
        where = paths.get(id(obj))
        if where is None:
            continue
        typename = str(obj.get("__typename"))
        typenames = (typename, sent.get(typename, typename))
        positions.extend([*where, key] for key in _entity_field_keys(fetch.selections, typenames))
    if not positions:
        path = call.flatten.paths[0]
        positions.append(list(path[: path.index("@")] if "@" in path else path))
    return positions


def _unavailable_field_errors(
    call: _EntityCall, failure: SubgraphUnavailable, state: ExecutionState
) -> list[dict[str, Any]]:
    """One SUBGRAPH_UNAVAILABLE error per field the failed call would have set, per object."""
    return [unavailable_error(failure, where) for where in _field_paths(call, state)]
