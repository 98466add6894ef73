"""Plan efficiency: level batching, multi-path entity fetches and entity reuse.

Runs the router core on the in-process benchmark subgraphs of `tests/router/engine` (real
GraphQL execution, no HTTP) and checks answers against the monolith oracle.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLSchema, graphql

from bench.workloads import HEAVY_QUERY
from router.engine import Engine, RequestContext
from router.plan import EntityBatchNode, FetchNode, FlattenNode, PlanNode
from router.planner.fetch_graph import FetchStep
from router.planner.plan_nodes import build_plan_nodes
from tests.router.conformance.harness import supergraph_of
from tests.router.engine.bench_monolith import monolith_schema
from tests.router.engine.bench_subgraphs import FIXTURE, REVIEWS, _review, _sdl, bench_schemas
from tests.router.engine.local_subgraphs import InProcessTransport, build_subgraph_schema

CONTEXT = RequestContext(headers={}, request_id="bench-test")
MUTATIONS = "mutations"  # the conformance fixture
ALL_REVIEWS: list[dict[str, Any]] = list(REVIEWS)
BOTH_REVIEWS = "{ users { id reviews { body } } topProducts(first: 2) { upc reviews { body } } }"


def _engine(schemas: dict[str, GraphQLSchema] | None = None) -> tuple[Engine, InProcessTransport]:
    transport = InProcessTransport(schemas or bench_schemas())
    return Engine((FIXTURE / "supergraph.graphql").read_text(), transport), transport


def _requests(node: PlanNode | None) -> list[FetchNode | EntityBatchNode]:
    """The subgraph requests of a plan (a Flatten's fetch is one, a batch is one)."""
    if node is None:
        return []
    if isinstance(node, FlattenNode):
        return [node.node]
    if isinstance(node, FetchNode | EntityBatchNode):
        return [node]
    children = getattr(node, "nodes", ())
    return [request for child in children for request in _requests(child)]


async def test_heavy_query_needs_six_requests_and_answers_like_the_monolith() -> None:
    engine, transport = _engine()
    prepared = engine.prepare(HEAVY_QUERY, None)
    plan = engine.plan_for(prepared, None)
    # accounts + products roots, one reviews batch (users' and products' reviews), one
    # inventory call for the top products, one products and one accounts call for every
    # nested path, one inventory call for the nested products: 7 in the plan ...
    assert sorted(request.service_name for request in _requests(plan.node)) == [
        "accounts",
        "accounts",
        "inventory",
        "inventory",
        "products",
        "products",
        "reviews",
    ]
    result = await engine.execute(prepared, None, CONTEXT)
    expected = await graphql(monolith_schema(), HEAVY_QUERY)
    assert result == {"data": expected.data}
    # ... and 6 sent: the nested products were answered by the first inventory call
    assert sorted(service for service, _ in transport.calls) == [
        "accounts",
        "accounts",
        "inventory",
        "products",
        "products",
        "reviews",
    ]


async def test_same_level_fetches_to_one_subgraph_are_one_request() -> None:
    engine, transport = _engine()
    result = await engine.execute(engine.prepare(BOTH_REVIEWS, None), None, CONTEXT)
    expected = await graphql(monolith_schema(), BOTH_REVIEWS)
    assert result == {"data": expected.data}
    reviews = [body for service, body in transport.calls if service == "reviews"]
    assert len(reviews) == 1
    sent = reviews[0]
    assert "_0:_entities" in sent["query"] and "_1:_entities" in sent["query"]
    assert sent["variables"] == {
        "_0_representations": [
            {"__typename": "User", "id": "1"},
            {"__typename": "User", "id": "2"},
        ],
        "_1_representations": [
            {"__typename": "Product", "upc": "1"},
            {"__typename": "Product", "upc": "2"},
        ],
    }


async def test_multi_path_fetch_sends_each_entity_once() -> None:
    query = (
        "{ me { reviews { product { name } } } "
        "topProducts(first: 1) { reviews { product { name } } } }"
    )
    engine, transport = _engine()
    result = await engine.execute(engine.prepare(query, None), None, CONTEXT)
    expected = await graphql(monolith_schema(), query)
    assert result == {"data": expected.data}
    products = [body for service, body in transport.calls if service == "products"]
    entity_calls = [body for body in products if "representations" in body["variables"]]
    assert len(entity_calls) == 1
    upcs = [rep["upc"] for rep in entity_calls[0]["variables"]["representations"]]
    assert sorted(upcs) == ["1", "2"]  # me's reviews: products 1 and 2; product 1's: 1 again


def _reviews_failing_for_user(user_id: str) -> GraphQLSchema:
    def user_reviews(user: dict[str, Any], _info: Any) -> list[dict[str, Any]]:
        if user["id"] == user_id:
            raise ValueError(f"reviews of {user_id} are sealed")
        return [_review(r) for r in ALL_REVIEWS if r["authorID"] == user["id"]]

    return build_subgraph_schema(
        _sdl("reviews"),
        {},
        {"User": lambda rep: {"id": rep["id"]}, "Product": lambda rep: {"upc": rep["upc"]}},
        {
            "User.reviews": user_reviews,
            "Product.reviews": lambda product, _info: [
                _review(r) for r in ALL_REVIEWS if r["product"]["upc"] == product["upc"]
            ],
        },
    )


async def test_batched_call_errors_are_placed_at_their_objects() -> None:
    engine, _ = _engine({**bench_schemas(), "reviews": _reviews_failing_for_user("2")})
    result = await engine.execute(engine.prepare(BOTH_REVIEWS, None), None, CONTEXT)
    users = result["data"]["users"]
    assert users[0]["reviews"] == [{"body": "Love it!"}, {"body": "Too expensive."}]
    assert users[1] == {"id": "2", "reviews": None}
    assert [len(p["reviews"]) for p in result["data"]["topProducts"]] == [2, 1]
    [error] = result["errors"]
    assert error["path"] == ["users", 1, "reviews"]
    assert error["message"] == "reviews of 2 are sealed"
    assert error["extensions"]["serviceName"] == "reviews"


async def test_unavailable_batch_reports_every_field_of_both_calls() -> None:
    engine, transport = _engine()
    transport.unavailable.add("reviews")
    result = await engine.execute(engine.prepare(BOTH_REVIEWS, None), None, CONTEXT)
    assert result["data"] == {
        "users": [{"id": "1", "reviews": None}, {"id": "2", "reviews": None}],
        "topProducts": [{"upc": "1", "reviews": None}, {"upc": "2", "reviews": None}],
    }
    paths = sorted(tuple(map(str, error["path"])) for error in result["errors"])
    assert paths == [
        ("topProducts", "0", "reviews"),
        ("topProducts", "1", "reviews"),
        ("users", "0", "reviews"),
        ("users", "1", "reviews"),
    ]
    assert {error["extensions"]["code"] for error in result["errors"]} == {"SUBGRAPH_UNAVAILABLE"}


def test_mutation_root_fields_keep_their_own_entity_fetches() -> None:
    """What follows one mutation field runs before the next field: no merging across them."""
    engine = Engine(supergraph_of(MUTATIONS).read_text(), InProcessTransport({}))
    document = """mutation {
      a: append(entry: "x") { snapshot }
      b: record(entry: "y")
      c: append(entry: "z") { snapshot }
    }"""
    plan = engine.plan_for(engine.prepare(document, None), None).to_json()["node"]
    assert plan["kind"] == "Sequence"
    steps = [(node["kind"], node.get("path") or node.get("serviceName")) for node in plan["nodes"]]
    assert steps == [
        ("Fetch", "ledger"),
        ("Flatten", ["a"]),
        ("Fetch", "audit"),
        ("Fetch", "ledger"),
        ("Flatten", ["c"]),
    ]


def test_entity_reuse_is_off_for_mutations() -> None:
    engine = Engine(supergraph_of(MUTATIONS).read_text(), InProcessTransport({}))
    document = 'mutation { a: append(entry: "x") { snapshot } }'
    plan = engine.plan_for(engine.prepare(document, None), None)
    fetches = [node for node in _requests(plan.node) if isinstance(node, FetchNode)]
    assert [bool(fetch.requires) for fetch in fetches] == [False, True]
    assert [fetch.reuse_key for fetch in fetches] == ["", ""]


def test_steps_waiting_on_several_roots_run_in_parallel_when_independent() -> None:
    def step(step_id: int, *deps: int) -> FetchStep:
        found = FetchStep(step_id, f"s{step_id}", "query", [], entity=False)
        found.deps = set(deps)
        return found

    # 0 and 1 are roots; 2 and 3 each need both; 4 needs 2; 5 needs 2 and 3
    steps = [step(0), step(1), step(2, 0, 1), step(3, 0, 1), step(4, 2), step(5, 2, 3)]
    nodes: dict[int, PlanNode] = {
        s.id: FetchNode(s.subgraph, "{x}", "query", None, (), ()) for s in steps
    }
    plan = build_plan_nodes(list(steps), nodes, "query")

    def shape(node: PlanNode | None) -> Any:
        if isinstance(node, FetchNode):
            return node.service_name
        kind = type(node).__name__.removesuffix("Node")
        return (kind, [shape(child) for child in getattr(node, "nodes", ())])

    assert shape(plan.node) == (
        "Sequence",
        [
            ("Parallel", ["s0", "s1"]),
            ("Parallel", [("Sequence", ["s2", "s4"]), "s3"]),
            "s5",
        ],
    )
