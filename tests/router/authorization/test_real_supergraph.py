"""Our composed supergraph.graphql (it uses @authenticated), with small stand-in subgraphs
that answer just the root fields these tests select."""

from __future__ import annotations

from typing import Any

from router.engine import Engine
from router.interfaces import RequestContext
from tests.router.authorization.harness import caller, sent_queries, unauthorized
from tests.router.engine.local_subgraphs import InProcessTransport, build_subgraph_schema
from tests.support.processes import PROJECT_ROOT

QUERY = "{ me { id } publicEvents { totalCount } }"
EVENTS_SDL = """
type Query { publicEvents(search: String, first: Int! = 20, after: String): EventConnection! }
type EventConnection { totalCount: Int! }
type Event @key(fields: "id") { id: ID! }
"""
USERS_SDL = 'type Query { me: User }\ntype User @key(fields: "id") { id: ID! }\n'


def _engine() -> tuple[Engine, InProcessTransport]:
    transport = InProcessTransport(
        {
            "events": build_subgraph_schema(
                EVENTS_SDL, {"publicEvents": lambda *_, **__: {"totalCount": 3}}, {"Event": dict}
            ),
            "users": build_subgraph_schema(
                USERS_SDL, {"me": lambda *_: {"id": "u1"}}, {"User": dict}
            ),
        }
    )
    supergraph = (PROJECT_ROOT / "supergraph.graphql").read_text()
    return Engine(supergraph, transport), transport


def _explained(context: RequestContext) -> RequestContext:
    return RequestContext(headers={}, request_id="explain", explain=True, identity=context.identity)


def _services(plan: Any) -> list[str]:
    if isinstance(plan, dict):
        own = [plan["serviceName"]] if plan.get("kind") == "Fetch" else []
        return own + [name for value in plan.values() for name in _services(value)]
    if isinstance(plan, list):
        return [name for item in plan for name in _services(item)]
    return []


async def test_anonymous_me_is_removed_and_public_events_planned() -> None:
    engine, transport = _engine()
    anonymous = RequestContext(headers={}, request_id="anonymous")
    result = await engine.execute(engine.prepare(QUERY, None), None, _explained(anonymous))
    assert result["data"] == {"me": None, "publicEvents": {"totalCount": 3}}
    assert result["errors"] == [unauthorized("me")]
    assert _services(result["extensions"]["queryPlan"]) == ["events"]
    assert sent_queries(transport) == ["{publicEvents{totalCount}}"]


async def test_authenticated_caller_gets_me_planned_too() -> None:
    engine, transport = _engine()
    result = await engine.execute(engine.prepare(QUERY, None), None, _explained(caller()))
    assert result["data"] == {"me": {"id": "u1"}, "publicEvents": {"totalCount": 3}}
    assert "errors" not in result
    assert sorted(_services(result["extensions"]["queryPlan"])) == ["events", "users"]
    assert sorted(name for name, _ in transport.calls) == ["events", "users"]
