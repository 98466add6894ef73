"""Random differential test: schema-driven random operations, ours vs Hive Gateway.

For every (non-fault) fixture, ``RANDOM_DIFF_OPERATIONS`` operations (default 20) are
generated from the API schema Hive Gateway serves (by introspection, or stripped from the
supergraph SDL if Hive cannot serve it: the oracle owes nothing to our router's code),
seeded by ``RANDOM_DIFF_SEED`` (default fixed) and the fixture name, sent to our router and
to Hive Gateway, and compared (``random_compare``: agreement rules and disagreement
classes). Every answer of ours must also fit the operation (``response_shape``), whatever
Hive says. On disagreement Apollo Gateway is asked too, as a tie-breaker. The report is
``.data/test-logs/random-differential.md``.

Disagreement classes (precise rules: ``random_compare``), first match wins:

- ``ours-data-invalid`` (fails): our data does not fit the operation's shape.
- ``ours-error-peer-data`` (fails): we error, or have no data, where Hive answered validly.
- ``peer-data-invalid`` (allowed): Hive's data does not fit the operation's shape.
- ``peer-error-ours-data`` (allowed): Hive errors, we answered error-free valid data.
- ``error-paths-differ`` (reported): both error, same data, different error paths.
- ``both-error`` (reported): both error, different data.
- ``data-differs`` (fails): no errors on either side, different data.

A failing class is excused only by a reviewed Hive bug of ``peer_bugs`` that Apollo Gateway
confirms (its answer equals ours).

    .venv/bin/python -m pytest tests/router/conformance/test_random_differential.py
    RANDOM_DIFF_OPERATIONS=200 RANDOM_DIFF_SEED=7 .venv/bin/python -m pytest \\
        tests/router/conformance/test_random_differential.py
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest
from graphql import GraphQLSchema, parse

from tests.router.conformance.api_schema import from_supergraph, introspect
from tests.router.conformance.conftest import Stack
from tests.router.conformance.harness import Case, Fixture, execute, load_fixtures
from tests.router.conformance.random_compare import (
    IDENTICAL,
    Outcome,
    classify,
    write_report,
)
from tests.router.conformance.random_operations import Operation, OperationGenerator
from tests.router.conformance.random_values import ValuePool
from tests.router.conformance.response_shape import shape_problems
from tests.support.processes import PROJECT_ROOT

SEED = os.environ.get("RANDOM_DIFF_SEED", "fedcal-1")
OPERATIONS = int(os.environ.get("RANDOM_DIFF_OPERATIONS", "20"))
REPORT = PROJECT_ROOT / ".data" / "test-logs" / "random-differential.md"


@pytest.fixture(scope="module")
def outcomes() -> Iterator[list[Outcome]]:
    collected: list[Outcome] = []
    yield collected
    write_report(REPORT, SEED, OPERATIONS, collected)


def _ask(stack: Stack, url: str, fixture: str, operation: Operation) -> object:
    case = Case(fixture, "random", operation.query, operation.variables, None, None, {})
    return execute(stack.client, url, case)


def _ask_peer(stack: Stack, url: str, fixture: str, operation: Operation) -> object:
    """A peer's answer; one that never comes (a peer hung on its own error) is an error."""
    try:
        return _ask(stack, url, fixture, operation)
    except httpx.HTTPError as error:
        return {"errors": [{"message": f"the peer did not answer: {error!r}"}]}


def _ask_tie_breaker(stack: Stack, url: str, fixture: str, operation: Operation) -> object:
    """Apollo's answer; asked up to three times while it has no data at all (on a loaded
    machine its own subgraph fetches sometimes hang up), so load never casts its vote."""
    answer = _ask_peer(stack, url, fixture, operation)
    for _ in range(2):
        if isinstance(answer, dict) and answer.get("data") is not None:
            break
        answer = _ask_peer(stack, url, fixture, operation)
    return answer


def _run(stack: Stack, fixture: Fixture, operation: Operation, schema: GraphQLSchema) -> Outcome:
    supergraph = fixture.supergraph_path
    ours = _ask(stack, stack.routers[supergraph][1], fixture.name, operation)
    peer = _ask_peer(stack, stack.peers["hive"][supergraph], fixture.name, operation)
    document = parse(operation.query)
    ours_problems = shape_problems(schema, document, operation.variables, ours)
    peer_problems = shape_problems(schema, document, operation.variables, peer)
    klass = classify(ours, peer, ours_problems, peer_problems)
    apollo = None
    if klass != IDENTICAL and "apollo" in stack.peers:
        apollo = _ask_tie_breaker(stack, stack.peers["apollo"][supergraph], fixture.name, operation)
    return Outcome(fixture.name, operation, ours, peer, klass, ours_problems, peer_problems, apollo)


@pytest.mark.parametrize("fixture", load_fixtures(), ids=lambda f: f.name)
def test_random_operations_agree_with_hive(
    fixture: Fixture, stack: Stack, outcomes: list[Outcome]
) -> None:
    supergraph = fixture.supergraph_path
    if supergraph in stack.router_errors:
        pytest.fail(f"our router did not start: {stack.router_errors[supergraph]}")
    try:
        schema = introspect(stack.client, stack.peers["hive"][supergraph])
    except (RuntimeError, ValueError, httpx.HTTPError):  # Hive cannot serve it: strip the SDL
        schema = from_supergraph(supergraph.read_text())
    generator = OperationGenerator(
        schema, ValuePool.from_fixture(fixture.schema_dir), f"{SEED}/{fixture.name}"
    )
    mine = [_run(stack, fixture, op, schema) for op in generator.operations(OPERATIONS)]
    outcomes.extend(mine)
    write_report(REPORT, SEED, OPERATIONS, outcomes)
    failing = [o for o in mine if o.failing]
    summary = "\n\n".join(
        f"[{o.klass}] {o.operation.query}\nvariables {o.operation.variables}\n"
        f"ours {str(o.ours)[:400]}\nhive {str(o.peer)[:400]}\n{o.ours_problems[:3]}"
        for o in failing[:3]
    )
    assert not failing, (
        f"{len(failing)}/{len(mine)} random operations of {fixture.name} disagree with Hive "
        f"where ours is wrong (report: {REPORT}):\n{summary}"
    )
