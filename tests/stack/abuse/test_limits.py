"""Complexity limits hold on the real router and schema, for anonymous and logged-in callers,
for queries and mutations (an alias bomb of writes writes nothing).

tests/router/http/test_limits.py checks each limit and its edge on a test schema; here the
real schema's cycles (User -> events -> owner -> ...), introspection, mutations and
fragment explosions.
"""

from __future__ import annotations

import pytest

from tests.stack.fuzz.platform import Person, Platform
from tests.stack.fuzz.properties import error_codes, graphql_body

GRAPHQL_RESPONSE = "application/graphql-response+json"
MY_EVENT_COUNT = "{ myEvents { totalCount } }"


def owner_cycle(depth: int, first: int | None = None) -> str:
    """``me { events { nodes { owner { events { ...`` reaching ``depth`` field levels (each
    ``events`` with ``first`` when given)."""
    events = "events" if first is None else f"events(first: {first})"
    cycle = (events, "nodes", "owner")
    names = ["me", *(cycle[level % 3] for level in range(depth - 2))]
    inner = "totalCount" if names[-1] == events else "id"
    for name in reversed(names):
        inner = f"{name} {{ {inner} }}"
    return f"{{ {inner} }}"


def nested_type_fields(depth: int) -> str:
    inner = "name"
    for _ in range(depth):
        inner = f"fields {{ type {{ {inner} }} }}"
    return f'{{ __type(name: "User") {{ {inner} }} }}'


def fragment_explosion(levels: int) -> str:
    """Each fragment spreads the previous one twice: 2**levels spreads if expanded naively."""
    fragments = ["fragment F0 on Query { a: publicEvents { totalCount } b: __typename }"]
    fragments += [f"fragment F{n} on Query {{ ...F{n - 1} ...F{n - 1} }}" for n in range(1, levels)]
    return f"{{ ...F{levels - 1} }} " + " ".join(fragments)


TOO_COMPLEX = {
    "depth through User.events.owner": owner_cycle(16),
    "31 aliases of a list": "{ "
    + " ".join(f"e{i}: publicEvents {{ totalCount }}" for i in range(31))
    + " }",
    "31 root fields": "{ " + "publicEvents { totalCount } " * 31 + "}",
    "70 kB of whitespace": "{ me { id }" + " " * 70_000 + "}",
    "15001 tokens": "{ me { " + "id " * 15_001 + "} }",
    "deep list literal": "{ users(ids: " + "[" * 200 + '"x"' + "]" * 200 + ") { id } }",
}


@pytest.fixture(scope="module")
def someone(platform: Platform) -> Person:
    return platform.new_person("limits")


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "logged in"])
@pytest.mark.parametrize("query", TOO_COMPLEX.values(), ids=TOO_COMPLEX.keys())
def test_operations_over_the_limits_are_refused_before_execution(
    platform: Platform, someone: Person, query: str, logged_in: bool
) -> None:
    token = someone.token if logged_in else None
    response = platform.post({"query": query}, token, {"accept": GRAPHQL_RESPONSE})
    body = graphql_body(response)
    assert response.status_code == 400, body
    assert "data" not in body
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]


def test_deep_introspection_is_refused(platform: Platform) -> None:
    """Nested ``fields { type { fields ...`` stops at graphql-core's introspection-depth rule."""
    body = graphql_body(platform.post({"query": nested_type_fields(8)}))
    assert "data" not in body
    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "introspection depth" in body["errors"][0]["message"]


def test_the_same_shapes_within_the_limits_run(platform: Platform, someone: Person) -> None:
    """The refusals above are about size: one level or alias less is answered (with small
    pages: at the default page size, 15 levels of nested lists are over the cost budget)."""
    for query in (owner_cycle(15, first=1), "{ " + "publicEvents { totalCount } " * 30 + "}"):
        body = graphql_body(platform.post({"query": query}, someone.token))
        assert "errors" not in body, body
    body = graphql_body(platform.post({"query": owner_cycle(15)}, someone.token))
    assert error_codes(body) == ["COST_ESTIMATED_TOO_EXPENSIVE"]


def test_an_alias_bomb_of_writes_writes_nothing(platform: Platform) -> None:
    writer = platform.new_person("bomber")
    event = (
        'createEvent(input: {title: "spam", startsAt: "2030-01-01T10:00:00Z", '
        'endsAt: "2030-01-01T11:00:00Z"}) { id }'
    )
    bomb = "mutation { " + " ".join(f"e{i}: {event}" for i in range(31)) + " }"
    body = graphql_body(platform.post({"query": bomb}, writer.token))
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]
    assert platform.data(MY_EVENT_COUNT, token=writer.token)["myEvents"]["totalCount"] == 0


def test_a_fragment_explosion_is_answered_and_the_router_lives(
    platform: Platform, someone: Person
) -> None:
    """2**30 spreads if expanded naively: refused or answered, but never a hang or crash."""
    response = platform.post({"query": fragment_explosion(30)}, someone.token)
    body = graphql_body(response)
    if "errors" in body:
        assert {error["extensions"]["code"] for error in body["errors"]} <= {
            "QUERY_TOO_COMPLEX",
            "GRAPHQL_VALIDATION_FAILED",
        }
    else:
        assert body["data"]["a"]["totalCount"] >= 0
    assert platform.router_alive()


@pytest.mark.parametrize(
    "query",
    [
        "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
        "{ me { ...U } } fragment U on User { events { nodes { owner { ...U } } } }",
        "{ __typename " + "@skip(if: false) " * 500 + "}",
    ],
    ids=["fragment cycle", "recursive fragment", "repeated directive"],
)
def test_self_referencing_documents_fail_validation(
    platform: Platform, someone: Person, query: str
) -> None:
    body = graphql_body(platform.post({"query": query}, someone.token))
    assert "data" not in body
    codes = {error["extensions"]["code"] for error in body["errors"]}
    assert codes <= {"GRAPHQL_VALIDATION_FAILED", "QUERY_TOO_COMPLEX"}, body
