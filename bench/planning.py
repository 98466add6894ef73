"""`python -m bench.planning`: how long the router takes to plan an operation, cold.

Cold means what a plan-cache miss costs on a router that has never planned anything: a new
query graph (its edges are built on first use), normalization and planning. `warm graph`
is the same with a query graph that earlier operations already filled. Each figure is the
median (and 95th percentile) of `BENCH_PLANNING_REPEAT` runs (default 50), in milliseconds.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable

from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse

from bench.paths import REPO_ROOT, SUPERGRAPH
from bench.workloads import HEAVY_QUERY
from devtools.composer import compose_many, directory_sources
from router.api_schema import build_api_schema
from router.normalize import normalize_operation
from router.planner import build_query_plan
from router.query_graph import QueryGraph
from router.supergraph import load_supergraph

FIXTURES = REPO_ROOT / "tests" / "router" / "conformance" / "fixtures"

# What the web app's event page asks of the product's own supergraph (five subgraphs).
EVENT_PAGE = """
query EventPage($id: ID!) {
  event(id: $id) {
    id title description startsAt endsAt timeZone allDay isPublic access
    owner { id username displayName }
    participants(first: 100) { nodes { user { id username displayName } } }
    invitations(first: 100) { nodes { id status invitee { id username displayName } } }
  }
}
"""


def _largest_fixture() -> tuple[str, str]:
    """The name and supergraph SDL of the conformance fixture with the largest supergraph."""
    directories = sorted(p for p in FIXTURES.iterdir() if (p / "cases.json").exists())
    composed = compose_many([directory_sources(directory) for directory in directories])
    sized = [
        (len(sdl), directory.name, sdl)
        for directory, sdl in zip(directories, composed, strict=True)
        if isinstance(sdl, str)
    ]
    _size, name, sdl = max(sized)
    return name, sdl


def _fixture_queries(name: str) -> list[str]:
    cases = json.loads((FIXTURES / name / "cases.json").read_text())
    return [case["query"] for case in cases if "mutation" not in case["query"]]


def _planner(sdl: str, query: str) -> Callable[[QueryGraph | None], float]:
    model, _ = load_supergraph(sdl)
    api = build_api_schema(sdl)
    document = parse(query)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }

    def plan(graph: QueryGraph | None) -> float:
        start = time.perf_counter()
        used = graph or QueryGraph(model, frozenset())
        build_query_plan(used, normalize_operation(api, operation, fragments, None))
        return (time.perf_counter() - start) * 1000

    return plan


def _measure(sdl: str, queries: list[str], repeat: int) -> tuple[list[float], list[float]]:
    cold: list[float] = []
    warm: list[float] = []
    model, _ = load_supergraph(sdl)
    shared = QueryGraph(model, frozenset())
    planners = [_planner(sdl, query) for query in queries]
    for plan in planners:
        plan(shared)  # fill the shared graph's edges
    for _ in range(repeat):
        for plan in planners:
            cold.append(plan(None))
            warm.append(plan(shared))
    return cold, warm


def _row(name: str, cold: list[float], warm: list[float]) -> str:
    def p(values: list[float], q: int) -> float:
        return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]

    return (
        f"| {name} | {statistics.median(cold):.2f} | {p(cold, 95):.2f} "
        f"| {statistics.median(warm):.2f} | {p(warm, 95):.2f} |"
    )


def main() -> None:
    repeat = int(os.environ.get("BENCH_PLANNING_REPEAT", "50"))
    largest, largest_sdl = _largest_fixture()
    rows = [
        ("benchmark heavy query", SUPERGRAPH.read_text(), [HEAVY_QUERY]),
        (
            f"largest conformance fixture ({largest}), each case",
            largest_sdl,
            _fixture_queries(largest),
        ),
        (
            "fedcal supergraph, event page",
            (REPO_ROOT / "supergraph.graphql").read_text(),
            [EVENT_PAGE],
        ),
    ]
    print("| operation | cold p50 ms | cold p95 ms | warm graph p50 ms | warm graph p95 ms |")
    print("|---|---|---|---|---|")
    for name, sdl, queries in rows:
        cold, warm = _measure(sdl, queries, repeat)
        print(_row(name, cold, warm), flush=True)


if __name__ == "__main__":
    main()
