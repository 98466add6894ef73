"""A client's side of incremental delivery: read a ``multipart/mixed`` body, check that the
payloads follow the protocol, and reassemble them into one response."""

from __future__ import annotations

import json
from typing import Any

import httpx

MULTIPART_ACCEPT = "multipart/mixed, application/json;q=0.9"


def read_parts(response: httpx.Response) -> list[dict[str, Any]]:
    """The JSON payloads of a ``multipart/mixed; boundary="-"`` body."""
    assert response.headers["content-type"].startswith("multipart/mixed"), response.text[:300]
    body = response.text
    assert body.endswith("\r\n-----\r\n"), body[-80:]
    parts = body[: -len("\r\n-----\r\n")].split("\r\n---\r\n")
    assert parts[0] == "", "the body starts with a delimiter"
    payloads = []
    for part in parts[1:]:
        head, _, content = part.partition("\r\n\r\n")
        headers = dict(line.lower().split(": ", 1) for line in head.split("\r\n"))
        assert headers["content-type"] == "application/json; charset=utf-8", head
        payloads.append(json.loads(content))
    return payloads


def _merge(target: Any, extra: Any) -> Any:
    if isinstance(target, dict) and isinstance(extra, dict):
        for key, value in extra.items():
            target[key] = _merge(target[key], value) if key in target else value
        return target
    return extra


def _at(data: Any, path: list[Any]) -> Any:
    for step in path:
        data = data[step]
    return data


def reassemble(payloads: list[dict[str, Any]]) -> dict[str, Any]:
    """One response from the payloads; asserts the protocol: every pending id completes once,
    increments name announced ids, ``hasNext`` is true until the last payload."""
    assert payloads, "no payload"
    first = payloads[0]
    result: dict[str, Any] = {"data": first.get("data")}
    errors = list(first.get("errors") or [])
    pending: dict[str, list[Any]] = {}
    done: set[str] = set()
    for index, payload in enumerate(payloads):
        last = index == len(payloads) - 1
        assert payload.get("hasNext") is (not last), (index, payload)
        for entry in payload.get("pending") or []:
            assert entry["id"] not in pending, entry
            pending[entry["id"]] = entry["path"]
        for entry in payload.get("incremental") or []:
            assert entry["id"] in pending and entry["id"] not in done, entry
            target = _at(result["data"], pending[entry["id"]] + entry.get("subPath", []))
            if "items" in entry:
                target.extend(entry["items"])
            else:
                _merge(target, entry["data"])
            errors += entry.get("errors") or []
        for entry in payload.get("completed") or []:
            assert entry["id"] in pending and entry["id"] not in done, entry
            done.add(entry["id"])
            errors += entry.get("errors") or []
    assert done == set(pending), f"never completed: {set(pending) - done}"
    if errors:
        result["errors"] = errors
    return result


def reassemble_path_format(payloads: list[dict[str, Any]]) -> dict[str, Any]:
    """The same for the earlier format (``incremental`` entries carry ``path`` and ``label``;
    no ``pending``/``completed``), which Hive Gateway speaks."""
    assert payloads, "no payload"
    result: dict[str, Any] = {"data": payloads[0].get("data")}
    errors = list(payloads[0].get("errors") or [])
    for index, payload in enumerate(payloads[1:], start=1):
        assert payload.get("hasNext") is (index < len(payloads) - 1), (index, payload)
        for entry in payload.get("incremental") or []:
            if "items" in entry:
                _at(result["data"], entry["path"][:-1]).extend(entry["items"])
            else:
                _merge(_at(result["data"], entry["path"]), entry["data"])
            errors += entry.get("errors") or []
    if errors:
        result["errors"] = errors
    return result


def read_events(response: httpx.Response) -> list[dict[str, Any]]:
    """The ``next`` payloads of a GraphQL-over-SSE body; asserts it ends with ``complete``."""
    assert response.headers["content-type"].startswith("text/event-stream"), response.text[:300]
    events = [block for block in response.text.split("\n\n") if block]
    assert events[-1] == "event: complete\ndata:", events[-1]
    payloads = []
    for block in events[:-1]:
        kind, _, data = block.partition("\n")
        assert kind == "event: next", block
        assert data.startswith("data: "), block
        payloads.append(json.loads(data.removeprefix("data: ")))
    return payloads
