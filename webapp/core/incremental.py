"""Incremental delivery on the web app's side: read the router's ``multipart/mixed`` answer to
an operation with ``@defer`` and hand over the data as each labelled part completes.

A page renders what the initial payload holds at once and waits for a deferred part only where
it shows it (``webapp.core.streaming``); the router runs the deferred fetches meanwhile.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from webapp.core.router_client import (
    JSON,
    GraphQLError,
    GraphQLResult,
    RouterClient,
    RouterUnavailable,
    check_session,
    parse_response,
)

MULTIPART_ACCEPT = "multipart/mixed, application/json;q=0.9"


def boundary_of(content_type: str) -> str | None:
    """The ``boundary`` parameter of a ``multipart/mixed`` content type (None: not multipart)."""
    media_type, _, params = content_type.partition(";")
    if media_type.strip().lower() != "multipart/mixed":
        return None
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.lower() == "boundary":
            return value.strip('"') or None
    return "-"


def multipart_payloads(chunks: Iterator[bytes], boundary: str) -> Iterator[JSON]:
    """The JSON payloads of a ``multipart/mixed`` body, each as soon as its part is whole."""
    delimiter = b"\r\n--" + boundary.encode()
    buffer = b"\r\n"  # the body may start with the delimiter itself
    for chunk in chunks:
        buffer += chunk
        while True:
            start = buffer.find(delimiter)
            end = buffer.find(delimiter, start + len(delimiter)) if start >= 0 else -1
            if end < 0:
                break
            part = buffer[start + len(delimiter) : end]
            buffer = buffer[end:]
            yield _part_payload(part)
        if buffer.startswith(delimiter + b"--"):
            return


def _part_payload(part: bytes) -> JSON:
    _, separator, content = part.partition(b"\r\n\r\n")
    try:
        payload = json.loads(content if separator else part)
    except ValueError as error:
        raise RouterUnavailable("The router sent an unreadable part.") from error
    if not isinstance(payload, dict):
        raise RouterUnavailable("The router sent a part that is not a GraphQL payload.")
    return payload


@dataclass
class Reassembly:
    """The response so far: the initial data with every increment merged in at its path."""

    data: JSON | None = None
    errors: list[GraphQLError] = field(default_factory=list)
    pending: dict[str, tuple[list[str | int], str | None]] = field(default_factory=dict)
    has_next: bool = True

    def apply(self, payload: JSON) -> None:
        """Merge one payload (the initial one or a subsequent one) into the response."""
        if "data" in payload and self.data is None and isinstance(payload["data"], dict):
            self.data = copy.deepcopy(payload["data"])  # increments merge into our own copy
        self._note_errors(payload.get("errors"))
        for entry in payload.get("pending") or ():
            self.pending[str(entry["id"])] = (list(entry.get("path") or ()), entry.get("label"))
        for entry in payload.get("incremental") or ():
            self._merge_increment(entry)
        for entry in payload.get("completed") or ():
            self._note_errors(entry.get("errors"))
            self.pending.pop(str(entry.get("id")), None)
        self.has_next = bool(payload.get("hasNext", False))

    def is_complete(self, label: str) -> bool:
        """Whether every part announced with ``label`` is in (also when none was announced)."""
        return all(known_label != label for _, known_label in self.pending.values())

    def result(self) -> GraphQLResult:
        return GraphQLResult(self.data, tuple(self.errors))

    def _merge_increment(self, entry: JSON) -> None:
        known = self.pending.get(str(entry.get("id")))
        if known is None or self.data is None:
            return
        target: Any = self.data
        for step in [*known[0], *(entry.get("subPath") or ())]:
            target = target[step] if isinstance(target, (dict, list)) else None
        if isinstance(target, list) and isinstance(entry.get("items"), list):
            target.extend(entry["items"])
        elif isinstance(target, dict) and isinstance(entry.get("data"), dict):
            _deep_merge(target, entry["data"])
        self._note_errors(entry.get("errors"))

    def _note_errors(self, raw: Any) -> None:
        for error in raw or ():
            if isinstance(error, dict):
                self.errors.append(GraphQLError.from_json(error))


def _deep_merge(target: JSON, extra: JSON) -> None:
    for key, value in extra.items():
        present = target.get(key)
        if isinstance(present, dict) and isinstance(value, dict):
            _deep_merge(present, value)
        else:
            target[key] = value


class IncrementalResult:
    """An operation's answer read part by part: :attr:`initial`, then :meth:`until` a label."""

    def __init__(self, payloads: Iterator[JSON], close: Callable[[], None] | None = None) -> None:
        self._payloads = payloads
        self._close = close
        self._state = Reassembly()
        self._advance()
        self.initial = GraphQLResult(copy.deepcopy(self._state.data), tuple(self._state.errors))

    @classmethod
    def complete(cls, result: GraphQLResult) -> IncrementalResult:
        """A whole answer (the router sent no parts): every label is already there."""
        payload: JSON = {"data": result.data, "hasNext": False}
        incremental = cls(iter([payload]))
        incremental._state.errors = list(result.errors)
        incremental.initial = result
        return incremental

    def until(self, label: str) -> GraphQLResult:
        """The response once the part labelled ``label`` is in (or the stream has ended)."""
        while self._state.has_next and not self._state.is_complete(label):
            if not self._advance():
                break
        return self._state.result()

    def close(self) -> None:
        if self._close is not None:
            self._close()
            self._close = None

    def _advance(self) -> bool:
        try:
            payload = next(self._payloads)
        except (StopIteration, httpx.HTTPError, RouterUnavailable):
            self._state.has_next = False  # parts still pending stay missing: shown as such
            return False
        self._state.apply(payload)
        return True


def execute_incremental(
    client: RouterClient,
    document: str,
    variables: Mapping[str, Any] | None = None,
    *,
    token: str | None = None,
    client_address: str | None = None,
) -> IncrementalResult:
    """Run an operation with ``@defer``: returns once the initial payload is in.

    Raises like :meth:`RouterClient.execute` for the initial payload; a router that answers
    with one whole result (no parts) gives an :class:`IncrementalResult` that is complete.
    The caller closes the result (it holds the connection until the last part).
    """
    http = client.http()
    request = http.build_request(
        "POST",
        client.url,
        json=client.body(document, variables),
        headers=client.headers(MULTIPART_ACCEPT, token=token, client_address=client_address),
    )
    try:
        response = http.send(request, stream=True)
    except httpx.HTTPError as error:
        raise RouterUnavailable(f"The router at {client.url} is unreachable.") from error
    boundary = boundary_of(response.headers.get("content-type", ""))
    if boundary is None:
        try:
            content = response.read()
        except httpx.HTTPError as error:
            raise RouterUnavailable(f"The router at {client.url} stopped answering.") from error
        finally:
            response.close()
        result = parse_response(response.status_code, content)
        check_session(result, token_sent=bool(token), status=response.status_code)
        return IncrementalResult.complete(result)
    try:
        incremental = IncrementalResult(
            multipart_payloads(response.iter_bytes(), boundary), close=response.close
        )
        check_session(incremental.initial, token_sent=bool(token), status=response.status_code)
    except BaseException:
        response.close()
        raise
    return incremental
