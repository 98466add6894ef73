"""Complexity limits (defaults): QUERY_TOO_COMPLEX before execution; introspection passes."""

from __future__ import annotations

import pytest
from graphql import get_introspection_query

from tests.router.http.helpers import GRAPHQL_RESPONSE, error_codes, post


def _nested_friends(depth: int) -> str:
    """``user`` + (depth - 2) levels of ``bestFriend`` + ``name``: ``depth`` levels in all."""
    inner = "name"
    for _ in range(depth - 2):
        inner = f"bestFriend {{ {inner} }}"
    return f'{{ user(id: "1") {{ {inner} }} }}'


TOO_COMPLEX = {
    "depth": _nested_friends(16),
    "aliases": "{ " + " ".join(f"a{i}: hello" for i in range(31)) + " }",
    "root fields": "{ " + "__typename " * 31 + "}",
    "fragment aliases": (
        "{ ...F ...F ...F ...F } fragment F on Query { "
        + " ".join(f"a{i}: hello" for i in range(8))
        + " }"
    ),
    "size": "{ hello " + "#" * 70_000 + "\n}",
    "tokens": "{ " + "hello " * 15_001 + "}",
    "nesting": '{ echoHeader(name: "x") ' + "[" * 100 + "]" * 100 + " }",
}


@pytest.mark.parametrize("query", TOO_COMPLEX.values(), ids=TOO_COMPLEX.keys())
def test_limits_reject_with_query_too_complex(dev_router: str, query: str) -> None:
    modern = post(dev_router, {"query": query}, accept=GRAPHQL_RESPONSE)
    assert modern.status_code == 400
    assert error_codes(modern) == ["QUERY_TOO_COMPLEX"]
    assert "data" not in modern.json()
    legacy = post(dev_router, {"query": query}, accept="application/json")
    assert legacy.status_code == 200
    assert error_codes(legacy) == ["QUERY_TOO_COMPLEX"]


def test_operations_at_the_limits_pass(dev_router: str) -> None:
    assert "errors" not in post(dev_router, {"query": _nested_friends(15)}).json()
    aliases = "{ " + " ".join(f"a{i}: hello" for i in range(30)) + " }"
    assert "errors" not in post(dev_router, {"query": aliases}).json()


def test_limit_applies_to_the_selected_operation(dev_router: str) -> None:
    query = f"query Small {{ hello }} query Deep {_nested_friends(16)}"
    small = post(dev_router, {"query": query, "operationName": "Small"})
    assert small.json() == {"data": {"hello": "world"}}
    deep = post(dev_router, {"query": query, "operationName": "Deep"})
    assert error_codes(deep) == ["QUERY_TOO_COMPLEX"]


def test_graphiql_introspection_query_passes_default_limits(dev_router: str) -> None:
    query = get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    )
    response = post(dev_router, {"query": query, "operationName": "IntrospectionQuery"})
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body
    type_names = {type_["name"] for type_ in body["data"]["__schema"]["types"]}
    assert {"Query", "User"} <= type_names
    assert not any(name.startswith("join__") for name in type_names)
