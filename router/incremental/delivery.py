"""The payloads of an incremental response, in the order the RFC gives them."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLSchema

from router.incremental.data import (
    Path,
    added,
    applies,
    objects_at,
    project,
    value_at,
    without_probes,
)
from router.incremental.split import DeferredFragment, IncrementalSplit

type Executor = Callable[[str, Mapping[str, Any]], Coroutine[Any, Any, dict[str, Any]]]
type Payload = dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Pending:
    id: str
    fragment: DeferredFragment
    path: Path


class _Ids:
    def __init__(self) -> None:
        self._next = 0

    def new(self) -> str:
        self._next += 1
        return str(self._next - 1)


def _announce(pending: _Pending) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": pending.id, "path": pending.path}
    if pending.fragment.label is not None:
        entry["label"] = pending.fragment.label
    return entry


def _under(error: Mapping[str, Any], path: Path) -> bool:
    location = error.get("path") or []
    return list(location[: len(path)]) == path and len(location) > len(path)


async def deliver(
    schema: GraphQLSchema,
    split: IncrementalSplit,
    variables: Mapping[str, Any],
    execute: Executor,
) -> AsyncIterator[Payload]:
    """Yield the initial payload, then one payload per round of deferred fragments."""
    ids = _Ids()
    complete_task: asyncio.Future[dict[str, Any]] | None = None
    if split.operation_type == "mutation":  # run once, then cut the payloads from the result
        complete = await execute(split.complete_document, variables)
        initial = {
            **complete,
            "data": project(schema, complete.get("data"), split.initial_selection),
        }
        complete_task = asyncio.get_running_loop().create_future()
        complete_task.set_result(complete)
    else:
        if split.deferred:
            complete_task = asyncio.create_task(execute(split.complete_document, variables))
        initial = await execute(split.initial_document, variables)
    try:
        async for payload in _payloads(schema, split, initial, complete_task, ids):
            yield payload
    finally:
        if complete_task is not None and not complete_task.done():
            complete_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await complete_task


async def _payloads(
    schema: GraphQLSchema,
    split: IncrementalSplit,
    initial: dict[str, Any],
    complete_task: asyncio.Future[dict[str, Any]] | None,
    ids: _Ids,
) -> AsyncIterator[Payload]:
    data = initial.get("data")
    deferred = _instances(schema, split, data, None, [], ids)
    streams: list[tuple[str, Any]] = []
    announced: list[dict[str, Any]] = [_announce(p) for p in deferred]
    for stream in split.streamed:
        for path, parent in objects_at(data, stream.path[:-1]):
            items = parent.get(stream.path[-1])
            if isinstance(items, list) and len(items) > stream.initial_count:
                stream_id = ids.new()
                parent[stream.path[-1]] = items[: stream.initial_count]
                streams.append((stream_id, items[stream.initial_count :]))
                entry: dict[str, Any] = {"id": stream_id, "path": [*path, stream.path[-1]]}
                if stream.label is not None:
                    entry["label"] = stream.label
                announced.append(entry)
    first: Payload = {"data": without_probes(data)}
    if initial.get("errors"):
        first["errors"] = initial["errors"]
    if initial.get("extensions"):
        first["extensions"] = initial["extensions"]
    if announced:
        first["pending"] = announced
    first["hasNext"] = bool(announced)
    yield first
    if not announced:
        return
    if streams:
        yield {
            "incremental": [{"id": sid, "items": without_probes(items)} for sid, items in streams],
            "completed": [{"id": sid} for sid, _ in streams],
            "hasNext": bool(deferred),
        }
    if not deferred:
        return
    complete = await complete_task if complete_task is not None else initial
    sent_errors = {
        (str(e.get("message")), tuple(e.get("path") or ())) for e in initial.get("errors") or ()
    }
    while deferred:
        payload, deferred = _round(schema, split, data, complete, deferred, sent_errors, ids)
        yield payload


def _instances(
    schema: GraphQLSchema,
    split: IncrementalSplit,
    data: Any,
    parent: int | None,
    under: Path,
    ids: _Ids,
) -> list[_Pending]:
    """The deferred fragments with ``parent`` that apply to objects in ``data`` below ``under``."""
    found: list[_Pending] = []
    for fragment in split.deferred:
        if fragment.parent != parent:
            continue
        for path, value in objects_at(data, fragment.path):
            if path[: len(under)] == under and applies(schema, fragment.type_condition, value):
                found.append(_Pending(ids.new(), fragment, path))
    return found


def _round(
    schema: GraphQLSchema,
    split: IncrementalSplit,
    sent: Any,
    complete: dict[str, Any],
    pending: list[_Pending],
    sent_errors: set[tuple[str, tuple[Any, ...]]],
    ids: _Ids,
) -> tuple[Payload, list[_Pending]]:
    """One payload completing ``pending``; the nested fragments it announces come next."""
    data = complete.get("data")
    errors = complete.get("errors") or []
    incremental: list[dict[str, Any]] = []
    completed: list[dict[str, Any]] = []
    announced: list[_Pending] = []
    for item in pending:
        own = [
            e
            for e in errors
            if _under(e, item.path)
            and (str(e.get("message")), tuple(e.get("path") or ())) not in sent_errors
        ]
        value = value_at(data, item.path)
        if not isinstance(value, dict):
            failure = own or [{"message": "The deferred data could not be delivered."}]
            completed.append({"id": item.id, "errors": failure})
            continue
        projected = project(schema, value, item.fragment.selection)
        entry: dict[str, Any] = {
            "id": item.id,
            "data": without_probes(added(projected, value_at(sent, item.path))),
        }
        if own:
            entry["errors"] = own
        incremental.append(entry)
        completed.append({"id": item.id})
        announced += _instances(schema, split, data, item.fragment.index, item.path, ids)
    payload: Payload = {}
    if announced:
        payload["pending"] = [_announce(p) for p in announced]
    if incremental:
        payload["incremental"] = incremental
    payload["completed"] = completed
    payload["hasNext"] = bool(announced)
    return payload, announced
