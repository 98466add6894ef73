"""Events arrive complete over both protocols: the owning subgraph's fields, the entity
fetch to products and shipping's ``@requires`` field, per event; the upstream subscription
carries the router's headers."""

from __future__ import annotations

import httpx

from plumbing.tokens import verify_token
from tests.router.subscriptions.conftest import EXPECTED_EVENTS, FULL_QUERY, Stack
from tests.support.router_credentials import ROUTER_AUDIENCE, ROUTER_KEY
from tests.support.subscriptions import sse_events, sse_messages, sse_subscription, ws_connection

VARIABLES = {"every": 0.05, "count": 3}


async def test_sse_events_are_complete(stack: Stack) -> None:
    async with sse_subscription(stack.router_url, FULL_QUERY, variables=VARIABLES) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        messages = [m async for m in sse_messages(response) if m.event]
    assert [m.event for m in messages] == ["next", "next", "next", "complete"]
    assert [m.data for m in messages[:3]] == [{"data": {"reviewAdded": e}} for e in EXPECTED_EVENTS]


GET_HEADERS = {"accept": "text/event-stream", "graphql-preflight": "1"}  # CSRF prevention


async def test_sse_over_get(stack: Stack) -> None:
    params = {"query": FULL_QUERY, "variables": '{"every": 0, "count": 1}'}
    async with (
        httpx.AsyncClient() as client,
        client.stream("GET", stack.router_url, params=params, headers=GET_HEADERS) as response,
    ):
        assert response.status_code == 200, await response.aread()
        messages = [m async for m in sse_messages(response) if m.event]
    assert messages[0].data == {"data": {"reviewAdded": EXPECTED_EVENTS[0]}}
    assert messages[-1].event == "complete"


async def test_graphql_ws_events_are_complete(stack: Stack) -> None:
    async with ws_connection(stack.router_url) as client:
        await client.subscribe("s1", FULL_QUERY, variables=VARIABLES)
        messages = await client.until_done("s1")
    assert [m["type"] for m in messages] == ["next", "next", "next", "complete"]
    assert [m["payload"] for m in messages[:3]] == [
        {"data": {"reviewAdded": e}} for e in EXPECTED_EVENTS
    ]


async def test_graphql_ws_carries_several_operations_and_queries(stack: Stack) -> None:
    async with ws_connection(stack.router_url) as client:
        await client.subscribe("a", FULL_QUERY, variables={"every": 0.05, "count": 2})
        await client.subscribe("q", "{ latestReview { id } }")
        query = await client.until_done("q")
        subscription = await client.until_done("a")
    assert query == [
        {"id": "q", "type": "next", "payload": {"data": {"latestReview": None}}},
        {"id": "q", "type": "complete"},
    ]
    assert [m["type"] for m in subscription] == ["next", "next", "complete"]


async def test_upstream_gets_the_fetch_headers_on_upgrade_and_in_connection_init(
    stack: Stack,
) -> None:
    events = await sse_events(
        stack.router_url, "subscription { reviewAdded(count: 1) { id } }", stack.sign("alice")
    )
    assert events[-1].event == "complete"
    report = stack.upstream()
    upgrade, init = report["upgradeHeaders"], report["initHeaders"]
    assert isinstance(upgrade, dict) and isinstance(init, dict)
    for headers in (upgrade, init):
        scheme, _, credential = headers["authorization"].partition(" ")
        assert scheme == "Bearer"
        claims = verify_token(
            credential,
            ROUTER_KEY,
            issuer="fedcal-router",
            audience=ROUTER_AUDIENCE,
            require_subject=False,
        )
        assert claims["sub"] == "alice"  # the router's credential for this caller
        assert headers["x-forwarded-for"] == "127.0.0.1"
        assert len(headers["x-request-id"]) >= 16
    assert upgrade["x-request-id"] == init["x-request-id"]
    assert upgrade["sec-websocket-protocol"] == "graphql-transport-ws"


async def test_explain_shows_the_subscription_plan_on_the_first_event(stack: Stack) -> None:
    headers = {"x-query-plan": "true"}
    async with sse_subscription(
        stack.router_url, FULL_QUERY, variables={"every": 0, "count": 2}, headers=headers
    ) as response:
        messages = [m async for m in sse_messages(response) if m.event]
    plan = messages[0].data["extensions"]["queryPlan"]
    text = str(plan)
    assert "subscription" in text and "shipping" in text and "products" in text
    assert "extensions" not in messages[1].data
    async with ws_connection(stack.router_url, headers=headers) as client:
        await client.subscribe("e", FULL_QUERY, variables={"every": 0, "count": 1})
        first = (await client.until_done("e"))[0]
    assert first["payload"]["extensions"]["queryPlan"] == plan


def test_plain_post_keeps_the_refusal(stack: Stack) -> None:
    response = httpx.post(stack.router_url, json={"query": FULL_QUERY, "variables": VARIABLES})
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "text/event-stream" in error["message"]
    assert stack.upstream()["live"] == 0


async def test_defer_in_a_subscription_is_refused(stack: Stack) -> None:
    """Validation refuses a deferred subscription (the spec's rule); a ``@defer`` whose
    ``if`` is a variable passes it and is refused by the router."""
    literal = "subscription { reviewAdded(count: 1) { id ... @defer { body } } }"
    response = httpx.post(
        stack.router_url, json={"query": literal}, headers={"accept": "text/event-stream"}
    )
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED", error
    assert "Defer" in error["message"]
    query = (
        "subscription($d: Boolean!) { reviewAdded(count: 1) { id ... @defer(if: $d) { body } } }"
    )
    async with sse_subscription(stack.router_url, query, variables={"d": True}) as streamed:
        events = [m async for m in sse_messages(streamed) if m.event]
    error = events[0].data["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST" and "@defer" in error["message"]
    assert events[-1].event == "complete"
    async with ws_connection(stack.router_url) as client:
        await client.subscribe("d", query, variables={"d": True})
        (message,) = await client.until_done("d")
    assert message["type"] == "error" and "@defer" in message["payload"][0]["message"]
    assert stack.upstream()["live"] == 0


async def test_authorization_applies_to_every_event(stack: Stack) -> None:
    """``@authenticated`` fields of other subgraphs: null with an error for anonymous callers
    (never fetched), the value for authenticated ones."""
    query = "subscription { reviewAdded(count: 2) { id product { name stock } } }"
    anonymous = [m.data for m in await sse_events(stack.router_url, query) if m.event == "next"]
    signed = [
        m.data for m in await sse_events(stack.router_url, query, stack.sign()) if m.event == "next"
    ]
    assert [e["data"]["reviewAdded"]["product"] for e in anonymous] == [
        {"name": "Lamp", "stock": None},
        {"name": "Piano", "stock": None},
    ]
    for event in anonymous:
        (error,) = event["errors"]
        assert error["extensions"]["code"] == "UNAUTHORIZED_FIELD_OR_TYPE"
        assert error["path"] == ["reviewAdded", "product", "stock"]
    assert signed == [
        {"data": {"reviewAdded": {"id": "r1", "product": {"name": "Lamp", "stock": 7}}}},
        {"data": {"reviewAdded": {"id": "r2", "product": {"name": "Piano", "stock": 1}}}},
    ]
