"""``@defer`` compared with Hive Gateway (its ``deferStream`` option): for every conformance
query without errors, deferred one level deep (``__typename`` kept beside each deferred
fragment: without it Hive 2.15 fails with "The request must contain at least one operation"),
our reassembled answer equals Hive's wherever Hive's deferred answer equals its own whole
answer to the same document (and the case documents no Hive divergence)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.router.conformance.cases import all_cases
from tests.router.conformance.conftest import Stack
from tests.router.conformance.harness import Case, load_fixtures, start_peer_gateways
from tests.router.conformance.test_incremental import deferred_variant
from tests.support.incremental import (
    MULTIPART_ACCEPT,
    read_parts,
    reassemble,
    reassemble_path_format,
)
from tests.support.processes import ManagedProcess


@pytest.fixture(scope="module")
def hive_with_defer(
    subgraph_base: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[Path, str]]:
    supergraphs = sorted({f.supergraph_path for f in load_fixtures()})
    proc: ManagedProcess
    proc, urls = start_peer_gateways(
        "hive",
        supergraphs,
        subgraph_base,
        tmp_path_factory.mktemp("hive-defer"),
        {"HIVE_DEFER_STREAM": "1"},
    )
    yield urls
    proc.stop()


def _params() -> list[object]:
    params: list[object] = []
    for case, supergraph in all_cases():
        query = deferred_variant(case, 1, typename=True)
        if query is not None:
            params.append(pytest.param(case, supergraph, query, id=f"{case.id}-defer"))
    return params


def _post(url: str, case: Case, query: str, accept: str) -> httpx.Response:
    body: dict[str, object] = {"query": query}
    if case.variables is not None:
        body["variables"] = case.variables
    if case.operation_name is not None:
        body["operationName"] = case.operation_name
    return httpx.post(
        url, json=body, headers={"content-type": "application/json", "accept": accept}, timeout=30
    )


@pytest.mark.parametrize(("case", "supergraph", "query"), _params())
def test_deferred_answer_matches_hive(
    case: Case, supergraph: Path, query: str, stack: Stack, hive_with_defer: dict[Path, str]
) -> None:
    plain = stack.ours(case, supergraph)
    if plain.get("errors") or not isinstance(plain.get("data"), dict):
        return  # error placement under @defer differs by design; see test_incremental.py
    ours = reassemble(
        read_parts(_post(stack.routers[supergraph][1], case, query, MULTIPART_ACCEPT))
    )
    hive_url = hive_with_defer[supergraph]
    hive_response = _post(hive_url, case, query, MULTIPART_ACCEPT)
    if not hive_response.headers.get("content-type", "").startswith("multipart/mixed"):
        hive = hive_response.json()
    else:
        hive = reassemble_path_format(read_parts(hive_response))
    undeferred = re.sub(r'@defer\(label: "[^"]*"\)', "", query)
    plain_with_typename = _post(stack.routers[supergraph][1], case, undeferred, "application/json")
    hive_plain = _post(hive_url, case, undeferred, "application/json").json()
    if _outline(hive) == _outline(hive_plain) and "hive" not in case.divergences:
        assert _outline(ours) == _outline(hive), (ours, hive)
    else:  # Hive disagrees with itself, or is known to be wrong here: ours must be the whole
        assert _outline(ours) == _outline(plain_with_typename.json())


def _outline(body: dict[str, object]) -> tuple[object, list[str]]:
    """Data and the paths of the errors (messages and codes differ between gateways)."""
    errors = body.get("errors") or []
    assert isinstance(errors, list)
    return body.get("data"), sorted(str(error.get("path")) for error in errors)
